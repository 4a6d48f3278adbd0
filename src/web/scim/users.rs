//! `/scim/v2/Users`: handlers parse the request, call [`crate::provisioning`], and
//! write the resource.

use actix_web::http::{StatusCode, header};
use actix_web::{HttpRequest, HttpResponse, web};
use chrono::Utc;

use super::auth::DirectoryClient;
use super::error::ScimFailure;
use super::request::{self, Attributes, ListQuery, json_body, respond};
use crate::provisioning::{Change, Provisioning};
use crate::scim::{list, patch, user};
use crate::store::directory::DirectoryPerson;
use crate::web::AppState;

type Reply = Result<HttpResponse, ScimFailure>;

fn base(state: &AppState) -> String {
    format!("{}/scim/v2", state.public_url)
}

fn resource(
    service: &Provisioning<'_>,
    person: &DirectoryPerson,
    base: &str,
    attributes: &Attributes,
) -> serde_json::Value {
    attributes.apply(user::render(&service.view(person), base))
}

async fn page(state: &AppState, query: ListQuery) -> Reply {
    let service = state.provisioning();
    let (people, total) = service.list(&query.filter, query.page).await?;
    let base = base(state);
    let resources = people
        .iter()
        .map(|p| resource(&service, p, &base, &query.attributes))
        .collect();
    let body = list::response(resources, total, query.page.start_index);
    Ok(respond(StatusCode::OK, &body))
}

pub async fn list_users(
    state: web::Data<AppState>,
    _client: DirectoryClient,
    req: HttpRequest,
) -> Reply {
    page(&state, request::list_query(&req)?).await
}

pub async fn search_users(
    state: web::Data<AppState>,
    _client: DirectoryClient,
    body: web::Payload,
) -> Reply {
    let body = json_body(body).await?;
    page(&state, request::search_query(&body)?).await
}

pub async fn get_user(
    state: web::Data<AppState>,
    _client: DirectoryClient,
    id: web::Path<String>,
    req: HttpRequest,
) -> Reply {
    let service = state.provisioning();
    let person = service.get(&id).await?;
    let body = resource(
        &service,
        &person,
        &base(&state),
        &request::attributes(&req)?,
    );
    Ok(respond(StatusCode::OK, &body))
}

pub async fn create_user(
    state: web::Data<AppState>,
    client: DirectoryClient,
    req: HttpRequest,
    body: web::Payload,
) -> Reply {
    let attributes = request::attributes(&req)?;
    let input = user::parse(&json_body(body).await?)?;
    let service = state.provisioning();
    let person = service.create(&client.0, input, Utc::now()).await?;
    let base = base(&state);
    let body = resource(&service, &person, &base, &attributes);
    let mut response = respond(StatusCode::CREATED, &body);
    if let Ok(location) = header::HeaderValue::from_str(&format!("{base}/Users/{}", person.user.id))
    {
        response.headers_mut().insert(header::LOCATION, location);
    }
    Ok(response)
}

pub async fn replace_user(
    state: web::Data<AppState>,
    client: DirectoryClient,
    id: web::Path<String>,
    req: HttpRequest,
    body: web::Payload,
) -> Reply {
    let input = user::parse(&json_body(body).await?)?;
    change(&state, &client, &id, &req, Change::Replace(input)).await
}

pub async fn patch_user(
    state: web::Data<AppState>,
    client: DirectoryClient,
    id: web::Path<String>,
    req: HttpRequest,
    body: web::Payload,
) -> Reply {
    let operations = patch::parse(&json_body(body).await?)?;
    change(&state, &client, &id, &req, Change::Patch(&operations)).await
}

async fn change(
    state: &AppState,
    client: &DirectoryClient,
    id: &str,
    req: &HttpRequest,
    change: Change<'_>,
) -> Reply {
    let attributes = request::attributes(req)?;
    let service = state.provisioning();
    let person = service.change(&client.0, id, change, Utc::now()).await?;
    let body = resource(&service, &person, &base(state), &attributes);
    Ok(respond(StatusCode::OK, &body))
}

pub async fn delete_user(
    state: web::Data<AppState>,
    client: DirectoryClient,
    id: web::Path<String>,
) -> Reply {
    state
        .provisioning()
        .delete(&client.0, &id, Utc::now())
        .await?;
    Ok(HttpResponse::NoContent().finish())
}
