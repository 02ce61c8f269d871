//! Fetching the schema a live endpoint serves, for `plain-opgen check`: the
//! SDL Plain publishes beside its endpoint (`…/graphql/v1/schema.graphql`),
//! else the answer to an introspection query, as SDL.

use std::io::Read as _;
use std::time::Duration;

use crate::introspection;

/// The most a schema answer may be: Plain's SDL is about 0.5 MB, its
/// introspection answer a few MB.
const MAX_BYTES: u64 = 64 << 20;

/// How the schema was had.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Fetched {
    /// The schema, as SDL.
    pub sdl: String,
    /// Where it came from, and how (`SDL` or `introspection`).
    pub source: String,
}

/// The schema `endpoint` serves: its SDL file when there is one, else
/// introspection. `api_key` (Plain's `PLAIN_API_KEY`) goes with both.
pub fn fetch(endpoint: &str, api_key: Option<&str>) -> Result<Fetched, String> {
    let url = reqwest::Url::parse(endpoint).map_err(|e| {
        format!("--endpoint {endpoint:?} is not a URL ({e}): give the GraphQL endpoint, e.g. https://core-api.uk.plain.com/graphql/v1")
    })?;
    let client = reqwest::blocking::Client::builder()
        .timeout(Duration::from_secs(60))
        .connect_timeout(Duration::from_secs(10))
        .redirect(reqwest::redirect::Policy::none())
        .user_agent(concat!("plain-opgen/", env!("CARGO_PKG_VERSION")))
        .build()
        .map_err(|e| format!("cannot make an HTTP client: {e}"))?;
    let authorize = |request: reqwest::blocking::RequestBuilder| match api_key {
        Some(key) => request.bearer_auth(key),
        None => request,
    };

    let sdl_url = format!("{}/schema.graphql", url.as_str().trim_end_matches('/'));
    let sdl_problem = match read(authorize(client.get(&sdl_url))) {
        Ok((200, body)) if looks_like_sdl(&body) => {
            return Ok(Fetched {
                sdl: body,
                source: format!("{sdl_url} (SDL)"),
            })
        }
        Ok((200, _)) => format!("{sdl_url} answered 200 with something other than a schema"),
        Ok((status, _)) => format!("{sdl_url} answered HTTP {status}"),
        Err(e) => format!("{sdl_url}: {e}"),
    };

    let body = serde_json::json!({
        "query": introspection::QUERY,
        "operationName": "PlainOpgenIntrospection",
    });
    let request = client
        .post(url.as_str())
        .header(reqwest::header::CONTENT_TYPE, "application/json")
        .body(body.to_string());
    let (status, text) = read(authorize(request)).map_err(|e| {
        format!("{sdl_problem}; introspection at {url}: {e} (is the endpoint reachable from here?)")
    })?;
    if status != 200 {
        let hint = match status {
            401 | 403 => " (set PLAIN_API_KEY to a key of the workspace)",
            _ => "",
        };
        return Err(format!(
            "{sdl_problem}; introspection at {url} answered HTTP {status}{hint}: {}",
            snippet(&text)
        ));
    }
    let answer: serde_json::Value = serde_json::from_str(&text).map_err(|e| {
        format!(
            "{sdl_problem}; introspection at {url} answered something other than JSON ({e}): {}",
            snippet(&text)
        )
    })?;
    let sdl = introspection::to_sdl(&answer)
        .map_err(|e| format!("{sdl_problem}; introspection at {url}: {e}"))?;
    Ok(Fetched {
        sdl,
        source: format!("{url} (introspection)"),
    })
}

/// The status and body of a request, the body bounded by [`MAX_BYTES`].
fn read(request: reqwest::blocking::RequestBuilder) -> Result<(u16, String), String> {
    let response = request.send().map_err(|e| {
        let mut message = e.to_string();
        let mut source = std::error::Error::source(&e);
        while let Some(cause) = source {
            message.push_str(": ");
            message.push_str(&cause.to_string());
            source = cause.source();
        }
        message
    })?;
    let status = response.status().as_u16();
    let mut bytes = Vec::new();
    response
        .take(MAX_BYTES + 1)
        .read_to_end(&mut bytes)
        .map_err(|e| format!("reading the answer: {e}"))?;
    if bytes.len() as u64 > MAX_BYTES {
        return Err(format!("the answer is larger than {} MiB", MAX_BYTES >> 20));
    }
    Ok((status, String::from_utf8_lossy(&bytes).into_owned()))
}

fn looks_like_sdl(text: &str) -> bool {
    text.lines()
        .any(|l| l.starts_with("type Query") || l.starts_with("schema"))
}

fn snippet(text: &str) -> String {
    let flat: String = text
        .chars()
        .take(200)
        .collect::<String>()
        .replace('\n', " ");
    if text.chars().count() > 200 {
        format!("{flat}…")
    } else {
        flat
    }
}
