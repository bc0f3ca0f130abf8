//! The HTTP side of `serve`: the build folder and the live-reload event
//! stream, on hyper (HTTP/1) and a two-thread tokio runtime.
//!
//! As safe as a good dev server (Vite, webpack-dev-server, zola):
//! - only requests whose `Host` is `localhost`, a loopback address, the
//!   address the client connected to, or an `--allowed-host` are answered
//!   (403 otherwise): a web page elsewhere cannot read the site through a
//!   DNS-rebinding name;
//! - the request head is capped (hyper answers 431 past 16 KiB, 414 for a
//!   longer target) and must arrive within 10 s, so slow or idle
//!   connections are closed; connections and live-reload streams are
//!   bounded (503 past the bound), and each costs a task, not a thread;
//! - every response says `nosniff`, carries the site's
//!   Content-Security-Policy with `frame-ancestors 'self'` (a page may
//!   frame the site's own PDF, nothing else may frame the site), and is not
//!   cached; dot-files (`.phasebook-manifest`) are never served;
//! - GET and HEAD only; paths are percent-decoded and confined to the
//!   folder.

use std::convert::Infallible;
use std::net::{IpAddr, SocketAddr};
use std::path::{Component, Path, PathBuf};
use std::pin::Pin;
use std::sync::Arc;
use std::task::{Context, Poll};
use std::time::Duration;

use bytes::Bytes;
use http_body_util::{Either, Full};
use hyper::body::{Body, Frame, Incoming};
use hyper::header::{self, HeaderValue};
use hyper::{Method, Request, Response, StatusCode};
use hyper_util::rt::{TokioIo, TokioTimer};
use tokio::io::AsyncWriteExt;
use tokio::sync::{OwnedSemaphorePermit, Semaphore, mpsc};

use super::Shared;

/// The event stream pages listen to.
pub(crate) const RELOAD_PATH: &str = "/__phasebook/reload";
/// The script that listens: a file, since the pages' CSP refuses inline
/// script.
pub(crate) const RELOAD_SCRIPT_PATH: &str = "/__phasebook/reload.js";
const RELOAD_SCRIPT: &str = "(function(){if(!window.EventSource)return;\
var s=new EventSource('/__phasebook/reload');s.onmessage=function(){location.reload();};})();\n";
/// Added before `</body>` of every HTML page served.
const RELOAD_TAG: &str = "<script src=\"/__phasebook/reload.js\"></script>";

/// How long a client has to send its whole request head.
const HEAD_DEADLINE: Duration = Duration::from_secs(10);
/// The most a request head may take (hyper's smallest buffer is 8 KiB).
const MAX_HEAD_BYTES: usize = 16 * 1024;
/// Open live-reload streams at most (a browser holds one per tab).
const MAX_EVENT_STREAMS: usize = 64;
/// Keep-alive comment on an idle event stream, so a gone client is noticed.
const EVENT_KEEP_ALIVE: Duration = Duration::from_secs(15);

/// What the server answers for, beyond `localhost` and loopback.
#[derive(Debug, Clone, Default)]
pub struct Options {
    /// `--allowed-host` names (lower-cased, without port).
    pub allowed_hosts: Vec<String>,
    /// The Content-Security-Policy sent with every response.
    pub csp: String,
}

struct State {
    root: PathBuf,
    reload: Shared,
    options: Options,
    streams: Arc<Semaphore>,
}

/// The most connections served at once: under the open-file limit, with
/// room for the rebuilds' own files.
fn max_connections() -> usize {
    let soft = raise_open_file_limit();
    (soft.saturating_sub(256) / 2).clamp(32, 1024)
}

/// Raise the soft open-file limit to the hard one (capped), as servers do,
/// and return it.
fn raise_open_file_limit() -> usize {
    use rustix::process::{Resource, getrlimit, setrlimit};
    let limit = getrlimit(Resource::Nofile);
    let soft = limit.current.unwrap_or(1024);
    let wanted = limit.maximum.unwrap_or(65_536).min(65_536);
    if wanted > soft {
        let raised = rustix::process::Rlimit {
            current: Some(wanted),
            maximum: limit.maximum,
        };
        if setrlimit(Resource::Nofile, raised).is_ok() {
            return wanted as usize;
        }
    }
    soft as usize
}

/// Serve `root` on `listener` until the process ends.
pub fn serve(listener: std::net::TcpListener, root: PathBuf, reload: Shared, options: Options) {
    let runtime = match tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .max_blocking_threads(4)
        .enable_all()
        .build()
    {
        Ok(runtime) => runtime,
        Err(err) => {
            eprintln!("phasebook: error: cannot start the server: {err}");
            return;
        }
    };
    runtime.block_on(accept_loop(listener, root, reload, options));
}

async fn accept_loop(
    listener: std::net::TcpListener,
    root: PathBuf,
    reload: Shared,
    options: Options,
) {
    if listener.set_nonblocking(true).is_err() {
        return;
    }
    let Ok(listener) = tokio::net::TcpListener::from_std(listener) else {
        return;
    };
    let connections = Arc::new(Semaphore::new(max_connections()));
    let state = Arc::new(State {
        root,
        reload,
        options,
        streams: Arc::new(Semaphore::new(MAX_EVENT_STREAMS)),
    });
    loop {
        let (stream, _) = match listener.accept().await {
            Ok(accepted) => accepted,
            // Out of file descriptors, say: wait for some to close.
            Err(_) => {
                tokio::time::sleep(Duration::from_millis(50)).await;
                continue;
            }
        };
        let Ok(permit) = connections.clone().try_acquire_owned() else {
            tokio::spawn(busy(stream));
            continue;
        };
        let local = stream.local_addr().ok();
        let state = state.clone();
        tokio::spawn(async move {
            let service = hyper::service::service_fn(move |request| {
                let state = state.clone();
                async move { Ok::<_, Infallible>(handle(request, &state, local).await) }
            });
            let _ = hyper::server::conn::http1::Builder::new()
                .timer(TokioTimer::new())
                .header_read_timeout(HEAD_DEADLINE)
                .max_buf_size(MAX_HEAD_BYTES)
                .keep_alive(false)
                .serve_connection(TokioIo::new(stream), service)
                .await;
            drop(permit);
        });
    }
}

/// Past the connection bound: a 503, written with a deadline, and closed.
async fn busy(mut stream: tokio::net::TcpStream) {
    let response = b"HTTP/1.1 503 Service Unavailable\r\nContent-Type: text/plain\r\nContent-Length: 5\r\n\
X-Content-Type-Options: nosniff\r\nCache-Control: no-store\r\nRetry-After: 1\r\nConnection: close\r\n\r\nbusy\n";
    let _ = tokio::time::timeout(Duration::from_secs(1), stream.write_all(response)).await;
}

type ResponseBody = Either<Full<Bytes>, EventBody>;

async fn handle(
    request: Request<Incoming>,
    state: &State,
    local: Option<SocketAddr>,
) -> Response<ResponseBody> {
    let mut response = route(&request, state, local).await;
    let headers = response.headers_mut();
    headers.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    headers.insert(
        header::X_CONTENT_TYPE_OPTIONS,
        HeaderValue::from_static("nosniff"),
    );
    headers.insert(
        header::X_FRAME_OPTIONS,
        HeaderValue::from_static("SAMEORIGIN"),
    );
    headers.insert(
        header::REFERRER_POLICY,
        HeaderValue::from_static("no-referrer"),
    );
    // The header holds for every response; a page's own `<meta>` policy
    // narrows it (`options.csp` allows what any page may: inline style for
    // Mermaid's pages).
    let csp = if state.options.csp.is_empty() {
        "frame-ancestors 'self'".to_string()
    } else {
        format!("{}; frame-ancestors 'self'", state.options.csp)
    };
    if let Ok(value) = HeaderValue::from_str(&csp) {
        headers.insert(header::CONTENT_SECURITY_POLICY, value);
    }
    response
}

fn plain(status: StatusCode, text: &'static str) -> Response<ResponseBody> {
    let mut response = Response::new(Either::Left(Full::new(Bytes::from_static(text.as_bytes()))));
    *response.status_mut() = status;
    response.headers_mut().insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("text/plain; charset=utf-8"),
    );
    response
}

fn with_body(status: StatusCode, kind: &'static str, body: Vec<u8>) -> Response<ResponseBody> {
    let mut response = Response::new(Either::Left(Full::new(Bytes::from(body))));
    *response.status_mut() = status;
    response
        .headers_mut()
        .insert(header::CONTENT_TYPE, HeaderValue::from_static(kind));
    response
}

async fn route(
    request: &Request<Incoming>,
    state: &State,
    local: Option<SocketAddr>,
) -> Response<ResponseBody> {
    if !host_allowed(request, &state.options, local) {
        return plain(
            StatusCode::FORBIDDEN,
            "this server answers requests for localhost only; see --allowed-host\n",
        );
    }
    if request.method() != Method::GET && request.method() != Method::HEAD {
        return plain(StatusCode::METHOD_NOT_ALLOWED, "GET only\n");
    }
    let path = request.uri().path();
    if path == RELOAD_PATH {
        return events(state);
    }
    if path == RELOAD_SCRIPT_PATH {
        return with_body(
            StatusCode::OK,
            "text/javascript; charset=utf-8",
            RELOAD_SCRIPT.as_bytes().to_vec(),
        );
    }
    let Some(file) = resolve(&state.root, path) else {
        return plain(StatusCode::FORBIDDEN, "forbidden\n");
    };
    let found = match file {
        Resolved::File(file) => tokio::fs::read(&file).await.ok().map(|body| (file, body)),
        Resolved::Hidden => None,
    };
    match found {
        Some((file, body)) => {
            let kind = content_type(&file);
            let body = if kind.starts_with("text/html") {
                with_reload(body)
            } else {
                body
            };
            with_body(StatusCode::OK, kind, body)
        }
        None => {
            let body = tokio::fs::read(state.root.join("404.html"))
                .await
                .map(with_reload)
                .unwrap_or_default();
            with_body(StatusCode::NOT_FOUND, "text/html; charset=utf-8", body)
        }
    }
}

/// Whether the request names this server: `localhost` (and `*.localhost`,
/// which resolves to loopback), a loopback address, the address the client
/// connected to, or an allowed host. A name a DNS-rebinding page uses
/// (`evil.example` resolving to 127.0.0.1) is none of these.
fn host_allowed(request: &Request<Incoming>, options: &Options, local: Option<SocketAddr>) -> bool {
    let local = local.map(|a| a.ip());
    // Exactly one Host header (two is a malformed request), and an
    // absolute-form target (`GET http://evil.example/`) must name an
    // allowed host too.
    let mut hosts = request.headers().get_all(header::HOST).iter();
    let (Some(host), None) = (hosts.next(), hosts.next()) else {
        return false;
    };
    let Ok(host) = host.to_str() else {
        return false;
    };
    host_is_allowed(host, options, local)
        && request
            .uri()
            .authority()
            .is_none_or(|authority| host_is_allowed(authority.as_str(), options, local))
}

fn host_is_allowed(host: &str, options: &Options, local: Option<IpAddr>) -> bool {
    let host = host.trim().to_ascii_lowercase();
    // `[::1]:3000`, `localhost:3000`, `127.0.0.1`: a name, then nothing or
    // a port of digits (`[::1]evil.example` and `localhost:evil` are not).
    let port_ok = |rest: &str| {
        rest.is_empty()
            || rest
                .strip_prefix(':')
                .is_some_and(|p| !p.is_empty() && p.bytes().all(|b| b.is_ascii_digit()))
    };
    let name = if let Some(rest) = host.strip_prefix('[') {
        match rest.split_once(']') {
            Some((name, after)) if port_ok(after) => name,
            _ => return false,
        }
    } else {
        match host.split_once(':') {
            Some((name, port)) if port_ok(&format!(":{port}")) => name,
            Some(_) => return false,
            None => host.as_str(),
        }
    };
    let name = name.trim_end_matches('.');
    if name == "localhost" || name.ends_with(".localhost") {
        return true;
    }
    if let Ok(ip) = name.parse::<IpAddr>() {
        return ip.is_loopback() || Some(ip) == local;
    }
    options.allowed_hosts.iter().any(|allowed| allowed == name)
}

/// Where a request path leads inside `root`.
enum Resolved {
    File(PathBuf),
    /// A dot-file or dot-folder: never served.
    Hidden,
}

/// The file a request path names inside `root`, if it stays inside.
fn resolve(root: &Path, request_path: &str) -> Option<Resolved> {
    let path = request_path.split(['?', '#']).next().unwrap_or("");
    let decoded = percent_encoding::percent_decode_str(path).decode_utf8_lossy();
    let mut out = root.to_path_buf();
    for part in Path::new(decoded.trim_start_matches('/')).components() {
        match part {
            Component::Normal(p) if p.to_string_lossy().starts_with('.') => {
                return Some(Resolved::Hidden);
            }
            Component::Normal(p) => out.push(p),
            Component::CurDir => {}
            _ => return None,
        }
    }
    if out.is_dir() {
        out.push("index.html");
    }
    Some(Resolved::File(out))
}

fn content_type(path: &Path) -> &'static str {
    match path
        .extension()
        .and_then(|e| e.to_str())
        .map(str::to_ascii_lowercase)
        .as_deref()
    {
        Some("html") => "text/html; charset=utf-8",
        Some("css") => "text/css; charset=utf-8",
        Some("js") => "text/javascript; charset=utf-8",
        Some("json") => "application/json",
        Some("xml") => "application/xml",
        Some("svg") => "image/svg+xml",
        Some("png") => "image/png",
        Some("jpg" | "jpeg") => "image/jpeg",
        Some("gif") => "image/gif",
        Some("webp") => "image/webp",
        Some("pdf") => "application/pdf",
        Some("txt" | "md") => "text/plain; charset=utf-8",
        _ => "application/octet-stream",
    }
}

fn with_reload(html: Vec<u8>) -> Vec<u8> {
    let text = String::from_utf8_lossy(&html);
    match text.rfind("</body>") {
        Some(at) => format!("{}{RELOAD_TAG}{}", &text[..at], &text[at..]).into_bytes(),
        None => html,
    }
}

/// A server-sent event stream: `: connected` at once, then one `reload`
/// message per rebuild and a keep-alive comment when idle. At most
/// [`MAX_EVENT_STREAMS`] at once; the permit goes with the body, so a
/// client that leaves frees its place.
fn events(state: &State) -> Response<ResponseBody> {
    let Ok(permit) = state.streams.clone().try_acquire_owned() else {
        return plain(
            StatusCode::SERVICE_UNAVAILABLE,
            "too many pages are listening for reloads\n",
        );
    };
    let (sender, receiver) = mpsc::channel(4);
    let mut generation = state.reload.subscribe();
    generation.borrow_and_update();
    tokio::spawn(async move {
        if sender
            .send(Bytes::from_static(b": connected\n\n"))
            .await
            .is_err()
        {
            return;
        }
        loop {
            let message = tokio::select! {
                changed = generation.changed() => {
                    if changed.is_err() {
                        return;
                    }
                    Bytes::from_static(b"data: reload\n\n")
                }
                () = tokio::time::sleep(EVENT_KEEP_ALIVE) => Bytes::from_static(b": keep-alive\n\n"),
            };
            if sender.send(message).await.is_err() {
                return;
            }
        }
    });
    let mut response = Response::new(Either::Right(EventBody {
        receiver,
        _permit: permit,
    }));
    response.headers_mut().insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("text/event-stream"),
    );
    response
}

/// The body of an event stream: what the stream's task sends.
struct EventBody {
    receiver: mpsc::Receiver<Bytes>,
    _permit: OwnedSemaphorePermit,
}

impl Body for EventBody {
    type Data = Bytes;
    type Error = Infallible;

    fn poll_frame(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
    ) -> Poll<Option<Result<Frame<Bytes>, Infallible>>> {
        self.receiver
            .poll_recv(cx)
            .map(|message| message.map(|bytes| Ok(Frame::data(bytes))))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn file(root: &Path, path: &str) -> Option<PathBuf> {
        match resolve(root, path)? {
            Resolved::File(file) => Some(file),
            Resolved::Hidden => None,
        }
    }

    #[test]
    fn requests_stay_inside_the_site_and_never_reach_dot_files() {
        let dir = tempfile::tempdir().expect("temp dir");
        std::fs::create_dir_all(dir.path().join("guides")).expect("mkdir");
        let root = dir.path();
        assert_eq!(file(root, "/a%20b.html?x=1"), Some(root.join("a b.html")));
        assert_eq!(file(root, "/guides/"), Some(root.join("guides/index.html")));
        assert_eq!(file(root, "/"), Some(root.join("index.html")));
        assert!(resolve(root, "/../etc/passwd").is_none());
        assert!(resolve(root, "/%2E%2E/secret").is_none());
        for hidden in [
            "/.phasebook-manifest",
            "/a/.git/config",
            "/%2Ephasebook-build",
        ] {
            assert!(
                matches!(resolve(root, hidden), Some(Resolved::Hidden)),
                "{hidden}"
            );
        }
    }

    #[test]
    fn html_pages_get_the_reload_script_as_a_file() {
        let page = with_reload(b"<html><body><p>x</p></body></html>".to_vec());
        let text = String::from_utf8(page).expect("utf-8");
        assert!(text.ends_with("<script src=\"/__phasebook/reload.js\"></script></body></html>"));
    }

    #[test]
    fn only_local_names_and_allowed_hosts_are_answered() {
        let options = Options {
            allowed_hosts: vec!["handbook.test".to_string()],
            csp: String::new(),
        };
        let lan: IpAddr = "192.168.1.5".parse().expect("ip");
        for host in [
            "localhost",
            "localhost:3000",
            "LOCALHOST.",
            "docs.localhost:3000",
            "127.0.0.1:3000",
            "127.9.9.9",
            "[::1]:3000",
            "192.168.1.5:3000",
            "handbook.test:8080",
        ] {
            assert!(host_is_allowed(host, &options, Some(lan)), "{host}");
        }
        for host in [
            "evil.example",
            "evil.example:3000",
            "localhost.evil.example",
            "192.168.1.6",
            "",
            "[::2]:3000",
            "[::1]evil.example",
            "localhost:evil",
            "localhost:",
            "user@localhost",
        ] {
            assert!(!host_is_allowed(host, &options, Some(lan)), "{host}");
        }
    }
}
