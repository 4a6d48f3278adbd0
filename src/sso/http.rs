//! The HTTP client the OpenID library calls the provider with: reqwest, with rustls, no
//! redirects (a token endpoint that redirects is refused, not followed) and short timeouts.

use std::future::Future;
use std::pin::Pin;
use std::time::Duration;

use openidconnect::{AsyncHttpClient, HttpRequest, HttpResponse, http};

#[derive(Debug, thiserror::Error)]
pub enum HttpError {
    #[error("the request to the provider failed")]
    Request(#[from] reqwest::Error),
    #[error("the provider's answer could not be read")]
    Response(#[from] http::Error),
}

#[derive(Debug, Clone)]
pub struct Http(reqwest::Client);

/// reqwest's rustls takes its cryptography from the process: ring, as sqlx's rustls uses.
/// Idempotent; every HTTPS client in the process needs it first.
pub fn install_tls_crypto() {
    let _ = rustls::crypto::ring::default_provider().install_default();
}

impl Http {
    pub fn new() -> Result<Self, reqwest::Error> {
        install_tls_crypto();
        reqwest::Client::builder()
            .redirect(reqwest::redirect::Policy::none())
            .connect_timeout(Duration::from_secs(5))
            .timeout(Duration::from_secs(10))
            .build()
            .map(Http)
    }
}

impl<'c> AsyncHttpClient<'c> for Http {
    type Error = HttpError;
    type Future = Pin<Box<dyn Future<Output = Result<HttpResponse, HttpError>> + Send + 'c>>;

    fn call(&'c self, request: HttpRequest) -> Self::Future {
        Box::pin(async move {
            let (parts, body) = request.into_parts();
            let response = self
                .0
                .request(parts.method, parts.uri.to_string())
                .headers(parts.headers)
                .body(body)
                .send()
                .await?;
            let mut answer = http::Response::builder().status(response.status());
            for (name, value) in response.headers() {
                answer = answer.header(name, value);
            }
            let body = response.bytes().await?;
            Ok(answer.body(body.to_vec())?)
        })
    }
}
