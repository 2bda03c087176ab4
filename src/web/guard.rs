//! Who may talk to the app: every request carries the access token (in the address the app
//! printed, then in a cookie), names the app's own address in its Host header (no DNS
//! rebinding) and, when it has an Origin, the app's own origin (no cross-site request); every
//! request that changes something also carries the page's session token.

use super::routes::{header_value, Shared};
use axum::body::Body;
use axum::extract::State;
use axum::http::{header, HeaderMap, HeaderValue, Method, StatusCode, Uri};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use std::net::SocketAddr;

/// The header the page sends its session token in.
pub const SESSION_HEADER: &str = "x-mobistat-session";

/// The query parameter of the printed address that carries the access token.
pub const ACCESS_PARAM: &str = "access";

/// A random token: 32 hex digits (128 bits) from the operating system's random source.
pub fn token() -> String {
    let mut bytes = [0u8; 16];
    getrandom::getrandom(&mut bytes).expect("the operating system's random source");
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// What is checked of every request.
#[derive(Debug, Clone)]
pub struct Guard {
    /// The access token of the printed address.
    pub access: String,
    /// The token of the page's state-changing requests.
    pub session: String,
    /// The Host headers allowed ("127.0.0.1:8080"); empty when any host is (an app listening
    /// on every interface, reached by names the app cannot know; the token still guards it).
    pub hosts: Vec<String>,
    /// The name of the access cookie: the port is in it, since cookies ignore ports and two
    /// apps may run at once.
    pub cookie: String,
}

/// Why a request is refused.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Refusal {
    Host,
    Origin,
    Access,
    Session,
}

impl Refusal {
    /// The status and the one sentence the refused request gets (in English: a refused request
    /// never comes from the app's own page).
    pub fn answer(&self) -> (StatusCode, &'static str) {
        match self {
            Refusal::Host => (
                StatusCode::FORBIDDEN,
                "Refused: this request names another host than the mobistat app's own address.",
            ),
            Refusal::Origin => (
                StatusCode::FORBIDDEN,
                "Refused: this request comes from another site than the mobistat app.",
            ),
            Refusal::Access => (
                StatusCode::UNAUTHORIZED,
                "Refused: open the app with the address mobistat printed when it started (it holds the access key).",
            ),
            Refusal::Session => (
                StatusCode::FORBIDDEN,
                "Refused: this request lacks the app page's session key; reload the page.",
            ),
        }
    }
}

impl Guard {
    /// The guard of an app listening on `addr`: the loopback names of its port, and the
    /// address itself when it is a specific one.
    pub fn new(addr: SocketAddr) -> Guard {
        let port = addr.port();
        let hosts = if addr.ip().is_unspecified() {
            Vec::new()
        } else {
            let mut hosts = vec![
                format!("127.0.0.1:{port}"),
                format!("localhost:{port}"),
                format!("[::1]:{port}"),
            ];
            let own = addr.to_string();
            if !hosts.contains(&own) {
                hosts.push(own);
            }
            hosts
        };
        Guard {
            access: token(),
            session: token(),
            hosts,
            cookie: format!("mobistat_access_{port}"),
        }
    }

    /// Checks a request; Ok(true) when it carried the access token in its address (the
    /// answer then sets the cookie and drops the token from the address).
    pub fn check(&self, method: &Method, uri: &Uri, headers: &HeaderMap) -> Result<bool, Refusal> {
        let host = headers
            .get(header::HOST)
            .and_then(|h| h.to_str().ok())
            .ok_or(Refusal::Host)?;
        if !self.host_allowed(host) {
            return Err(Refusal::Host);
        }
        if let Some(origin) = headers.get(header::ORIGIN) {
            let origin = origin.to_str().map_err(|_| Refusal::Origin)?;
            if !origin_matches(origin, host) {
                return Err(Refusal::Origin);
            }
        }
        // Browsers say where a request comes from even when they send no Origin.
        if headers
            .get("sec-fetch-site")
            .and_then(|v| v.to_str().ok())
            .is_some_and(|site| site == "cross-site" || site == "same-site")
        {
            return Err(Refusal::Origin);
        }
        let in_address = query_value(uri, ACCESS_PARAM).is_some_and(|t| t == self.access);
        let in_cookie = cookie_value(headers, &self.cookie).is_some_and(|t| t == self.access);
        if !in_address && !in_cookie {
            return Err(Refusal::Access);
        }
        let reads = matches!(*method, Method::GET | Method::HEAD);
        let session = headers
            .get(SESSION_HEADER)
            .and_then(|v| v.to_str().ok())
            .is_some_and(|t| t == self.session);
        if !reads && !session {
            return Err(Refusal::Session);
        }
        Ok(in_address)
    }

    fn host_allowed(&self, host: &str) -> bool {
        self.hosts.is_empty() || self.hosts.iter().any(|h| h.eq_ignore_ascii_case(host))
    }

    /// The Set-Cookie value that keeps the access token for the next requests.
    pub fn set_cookie(&self) -> String {
        format!(
            "{}={}; Path=/; HttpOnly; SameSite=Strict",
            self.cookie, self.access
        )
    }
}

/// The guard, and the headers every answer carries.
pub async fn guarded(
    State(app): State<Shared>,
    request: axum::extract::Request,
    next: Next,
) -> Response {
    let checked = app
        .guard
        .check(request.method(), request.uri(), request.headers());
    let with_token = match checked {
        Ok(with_token) => with_token,
        Err(refusal) => {
            let (status, sentence) = refusal.answer();
            return (status, sentence).into_response();
        }
    };
    // The token leaves the address bar for a cookie at once.
    if with_token && request.uri().path() == "/" {
        let lang = request
            .uri()
            .query()
            .and_then(|q| q.split('&').find_map(|p| p.strip_prefix("lang=")))
            .map(|l| format!("?lang={l}"))
            .unwrap_or_default();
        let mut answer = Response::new(Body::empty());
        *answer.status_mut() = StatusCode::SEE_OTHER;
        let headers = answer.headers_mut();
        headers.insert(header::LOCATION, header_value(&format!("/{lang}")));
        headers.insert(header::SET_COOKIE, header_value(&app.guard.set_cookie()));
        headers.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
        return answer;
    }
    let is_report = request.uri().path().starts_with("/report/");
    let mut answer = next.run(request).await;
    if with_token {
        answer
            .headers_mut()
            .insert(header::SET_COOKIE, header_value(&app.guard.set_cookie()));
    }
    let headers = answer.headers_mut();
    // The report is a page of its own, with its styles inline; the app's page has no inline
    // code at all.
    let policy = if is_report {
        "default-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; script-src 'unsafe-inline'; connect-src 'none'; frame-ancestors 'self'"
    } else {
        "default-src 'self'; img-src 'self' data:; frame-src 'self'; connect-src 'self'; frame-ancestors 'none'; form-action 'self'"
    };
    headers.insert(
        header::CONTENT_SECURITY_POLICY,
        HeaderValue::from_static(policy),
    );
    headers.insert(
        header::X_CONTENT_TYPE_OPTIONS,
        HeaderValue::from_static("nosniff"),
    );
    headers.insert(
        header::REFERRER_POLICY,
        HeaderValue::from_static("no-referrer"),
    );
    headers.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    answer
}

/// Whether an Origin header is the app's own origin, reached at `host`.
fn origin_matches(origin: &str, host: &str) -> bool {
    origin.eq_ignore_ascii_case(&format!("http://{host}"))
}

/// The value of a query parameter (tokens are hex: no decoding needed).
fn query_value<'a>(uri: &'a Uri, name: &str) -> Option<&'a str> {
    uri.query()?
        .split('&')
        .filter_map(|pair| pair.split_once('='))
        .find(|(key, _)| *key == name)
        .map(|(_, value)| value)
}

/// The value of a cookie.
fn cookie_value<'a>(headers: &'a HeaderMap, name: &str) -> Option<&'a str> {
    headers
        .get_all(header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|line| line.split(';'))
        .filter_map(|pair| pair.trim().split_once('='))
        .find(|(key, _)| *key == name)
        .map(|(_, value)| value)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn guard() -> Guard {
        let mut g = Guard::new("127.0.0.1:8080".parse().unwrap());
        g.access = "a1".into();
        g.session = "s1".into();
        g
    }

    fn headers(pairs: &[(&'static str, &str)]) -> HeaderMap {
        let mut map = HeaderMap::new();
        for (k, v) in pairs {
            map.append(*k, v.parse().unwrap());
        }
        map
    }

    #[test]
    fn the_host_origin_access_and_session_checks() {
        let g = guard();
        let get = Method::GET;
        let post = Method::POST;
        let with_key: Uri = "/?access=a1".parse().unwrap();
        let plain: Uri = "/api/state".parse().unwrap();
        let local = [("host", "127.0.0.1:8080")];
        // The printed address: accepted, and the cookie is to be set.
        assert_eq!(g.check(&get, &with_key, &headers(&local)), Ok(true));
        // Then the cookie carries it.
        let cookie = headers(&[
            ("host", "localhost:8080"),
            ("cookie", "x=1; mobistat_access_8080=a1"),
        ]);
        assert_eq!(g.check(&get, &plain, &cookie), Ok(false));
        // No token, a wrong one, or another port's cookie.
        assert_eq!(
            g.check(&get, &plain, &headers(&local)),
            Err(Refusal::Access)
        );
        let other = headers(&[
            ("host", "127.0.0.1:8080"),
            ("cookie", "mobistat_access_9=a1"),
        ]);
        assert_eq!(g.check(&get, &plain, &other), Err(Refusal::Access));
        // DNS rebinding: a foreign name for our address.
        let rebound = headers(&[("host", "evil.example:8080")]);
        assert_eq!(g.check(&get, &with_key, &rebound), Err(Refusal::Host));
        assert_eq!(g.check(&get, &with_key, &headers(&[])), Err(Refusal::Host));
        // A foreign page posting to the app.
        let foreign = headers(&[
            ("host", "127.0.0.1:8080"),
            ("origin", "http://evil.example"),
            ("x-mobistat-session", "s1"),
        ]);
        assert_eq!(g.check(&post, &with_key, &foreign), Err(Refusal::Origin));
        let cross = headers(&[("host", "127.0.0.1:8080"), ("sec-fetch-site", "cross-site")]);
        assert_eq!(g.check(&get, &with_key, &cross), Err(Refusal::Origin));
        // A change without the session token, then with it.
        let own = [
            ("host", "127.0.0.1:8080"),
            ("origin", "http://127.0.0.1:8080"),
        ];
        assert_eq!(
            g.check(&post, &with_key, &headers(&own)),
            Err(Refusal::Session)
        );
        let mut with_session = own.to_vec();
        with_session.push(("x-mobistat-session", "s1"));
        assert_eq!(g.check(&post, &with_key, &headers(&with_session)), Ok(true));
    }

    #[test]
    fn an_app_on_every_interface_accepts_any_host_but_still_wants_the_token() {
        let mut g = Guard::new("0.0.0.0:8080".parse().unwrap());
        g.access = "a1".into();
        let h = headers(&[("host", "192.168.1.20:8080")]);
        assert_eq!(
            g.check(&Method::GET, &"/?access=a1".parse().unwrap(), &h),
            Ok(true)
        );
        assert_eq!(
            g.check(&Method::GET, &"/".parse().unwrap(), &h),
            Err(Refusal::Access)
        );
        assert_eq!(token().len(), 32);
        assert_ne!(token(), token());
    }
}
