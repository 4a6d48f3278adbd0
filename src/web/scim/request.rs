//! Reading a SCIM request: the JSON body (bounded), the list parameters, and the
//! attributes to return.

use actix_web::{HttpRequest, HttpResponse, web};
use futures_util::StreamExt;
use serde_json::Value;

use super::error::ScimFailure;
use crate::scim::query::{self, Page, UserFilter};
use crate::scim::{CONTENT_TYPE, MAX_BODY_BYTES, ScimError};
use crate::scim::{projection, values};

/// The body as JSON; larger than [`MAX_BODY_BYTES`] is 413, not JSON is `invalidSyntax`.
pub async fn json_body(mut payload: web::Payload) -> Result<Value, ScimFailure> {
    let too_large = || {
        ScimError::plain(
            413,
            format!("The body is larger than {} KiB.", MAX_BODY_BYTES / 1024),
        )
    };
    let mut body = web::BytesMut::new();
    while let Some(chunk) = payload.next().await {
        let chunk = chunk.map_err(|_| ScimError::invalid_syntax("The body could not be read."))?;
        if body.len() + chunk.len() > MAX_BODY_BYTES {
            return Err(too_large().into());
        }
        body.extend_from_slice(&chunk);
    }
    serde_json::from_slice(&body).map_err(|err| {
        ScimFailure::Refused(ScimError::invalid_syntax(format!(
            "The body is not JSON: {err}."
        )))
    })
}

/// The attributes a response carries (RFC 7644 §3.4.2.5).
#[derive(Debug, Default, Clone)]
pub struct Attributes {
    pub include: Vec<String>,
    pub exclude: Vec<String>,
}

impl Attributes {
    pub fn apply(&self, mut resource: Value) -> Value {
        projection::project(&mut resource, &self.include, &self.exclude);
        resource
    }
}

/// The list query of `GET /Users`, from the URL.
#[derive(Debug, Clone)]
pub struct ListQuery {
    pub filter: UserFilter,
    pub page: Page,
    pub attributes: Attributes,
}

fn parameters(req: &HttpRequest) -> Result<Vec<(String, String)>, ScimError> {
    serde_urlencoded::from_str(req.query_string())
        .map_err(|_| ScimError::invalid_syntax("The query string cannot be read."))
}

fn parameter<'a>(parameters: &'a [(String, String)], name: &str) -> Option<&'a str> {
    parameters
        .iter()
        .find(|(key, _)| key.eq_ignore_ascii_case(name))
        .map(|(_, value)| value.as_str())
}

pub fn attributes(req: &HttpRequest) -> Result<Attributes, ScimError> {
    let parameters = parameters(req)?;
    Ok(Attributes {
        include: projection::list(parameter(&parameters, "attributes")),
        exclude: projection::list(parameter(&parameters, "excludedAttributes")),
    })
}

pub fn list_query(req: &HttpRequest) -> Result<ListQuery, ScimError> {
    let parameters = parameters(req)?;
    if parameter(&parameters, "sortBy").is_some() {
        return Err(ScimError::invalid_value(
            "Sorting is not supported (sort.supported is false).",
        ));
    }
    Ok(ListQuery {
        filter: query::parse_filter(parameter(&parameters, "filter"))?,
        page: Page::new(
            query::integer("startIndex", parameter(&parameters, "startIndex"))?,
            query::integer("count", parameter(&parameters, "count"))?,
        ),
        attributes: Attributes {
            include: projection::list(parameter(&parameters, "attributes")),
            exclude: projection::list(parameter(&parameters, "excludedAttributes")),
        },
    })
}

/// The same query from a `POST …/.search` body (RFC 7644 §3.4.3).
pub fn search_query(body: &Value) -> Result<ListQuery, ScimError> {
    let body = body
        .as_object()
        .ok_or_else(|| ScimError::invalid_syntax("A search body is an object."))?;
    let text = |name: &str| -> Result<Option<String>, ScimError> {
        match values::get(body, name) {
            None | Some(Value::Null) => Ok(None),
            Some(Value::String(s)) => Ok(Some(s.clone())),
            Some(Value::Array(list)) => Ok(Some(
                list.iter()
                    .filter_map(Value::as_str)
                    .collect::<Vec<_>>()
                    .join(","),
            )),
            Some(_) => Err(ScimError::invalid_syntax(format!("{name} is a string."))),
        }
    };
    let number = |name: &str| -> Result<Option<i64>, ScimError> {
        match values::get(body, name) {
            None | Some(Value::Null) => Ok(None),
            Some(value) => value
                .as_i64()
                .map(Some)
                .ok_or_else(|| ScimError::invalid_value(format!("{name} is an integer."))),
        }
    };
    if text("sortBy")?.is_some() {
        return Err(ScimError::invalid_value(
            "Sorting is not supported (sort.supported is false).",
        ));
    }
    Ok(ListQuery {
        filter: query::parse_filter(text("filter")?.as_deref())?,
        page: Page::new(number("startIndex")?, number("count")?),
        attributes: Attributes {
            include: projection::list(text("attributes")?.as_deref()),
            exclude: projection::list(text("excludedAttributes")?.as_deref()),
        },
    })
}

/// A SCIM body with `status`.
pub fn respond(status: actix_web::http::StatusCode, body: &Value) -> HttpResponse {
    HttpResponse::build(status)
        .content_type(CONTENT_TYPE)
        .body(body.to_string())
}
