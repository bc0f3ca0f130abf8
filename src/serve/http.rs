//! A small static file server for the build folder, with the live-reload
//! event stream. Loopback only by default; GET and HEAD only; paths are
//! percent-decoded and confined to the folder.

use std::io::{BufRead, BufReader, Write};
use std::net::{TcpListener, TcpStream};
use std::path::{Component, Path, PathBuf};
use std::time::Duration;

use super::Shared;

/// The event stream pages listen to.
pub const RELOAD_PATH: &str = "/__phasebook/reload";

/// Added before `</body>` of every HTML page served: reload when the
/// server says the site was rebuilt.
const RELOAD_SCRIPT: &str = "<script>(function(){if(!window.EventSource)return;\
var s=new EventSource('/__phasebook/reload');s.onmessage=function(){location.reload();};})();</script>";

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

/// The file a request path names inside `root`, if it stays inside.
pub fn resolve(root: &Path, request_path: &str) -> Option<PathBuf> {
    let path = request_path.split(['?', '#']).next().unwrap_or("");
    let decoded = crate::vault::links::percent_decode(path);
    let mut out = root.to_path_buf();
    for part in Path::new(decoded.trim_start_matches('/')).components() {
        match part {
            Component::Normal(p) => out.push(p),
            Component::CurDir => {}
            _ => return None,
        }
    }
    if out.is_dir() {
        out.push("index.html");
    }
    Some(out)
}

fn respond(stream: &mut TcpStream, status: &str, kind: &str, body: &[u8], head_only: bool) {
    let header = format!(
        "HTTP/1.1 {status}\r\nContent-Type: {kind}\r\nContent-Length: {}\r\nCache-Control: no-store\r\nConnection: close\r\n\r\n",
        body.len()
    );
    let _ = stream.write_all(header.as_bytes());
    if !head_only {
        let _ = stream.write_all(body);
    }
}

fn with_reload(html: Vec<u8>) -> Vec<u8> {
    let text = String::from_utf8_lossy(&html);
    match text.rfind("</body>") {
        Some(at) => format!("{}{RELOAD_SCRIPT}{}", &text[..at], &text[at..]).into_bytes(),
        None => html,
    }
}

fn handle(mut stream: TcpStream, root: &Path, reload: &Shared) {
    let _ = stream.set_read_timeout(Some(Duration::from_secs(10)));
    let mut reader = BufReader::new(match stream.try_clone() {
        Ok(s) => s,
        Err(_) => return,
    });
    let mut request_line = String::new();
    if reader.read_line(&mut request_line).is_err() {
        return;
    }
    // Skip the headers.
    let mut line = String::new();
    while reader.read_line(&mut line).is_ok_and(|n| n > 2) {
        line.clear();
    }
    let mut parts = request_line.split_whitespace();
    let (method, target) = (parts.next().unwrap_or(""), parts.next().unwrap_or("/"));
    let head_only = method == "HEAD";
    if method != "GET" && !head_only {
        respond(
            &mut stream,
            "405 Method Not Allowed",
            "text/plain",
            b"GET only\n",
            false,
        );
        return;
    }
    if target.split('?').next() == Some(RELOAD_PATH) {
        events(stream, reload);
        return;
    }
    let Some(file) = resolve(root, target) else {
        respond(
            &mut stream,
            "403 Forbidden",
            "text/plain",
            b"forbidden\n",
            head_only,
        );
        return;
    };
    match std::fs::read(&file) {
        Ok(body) => {
            let kind = content_type(&file);
            let body = if kind.starts_with("text/html") {
                with_reload(body)
            } else {
                body
            };
            respond(&mut stream, "200 OK", kind, &body, head_only);
        }
        Err(_) => {
            let body = std::fs::read(root.join("404.html"))
                .map(with_reload)
                .unwrap_or_default();
            respond(
                &mut stream,
                "404 Not Found",
                "text/html; charset=utf-8",
                &body,
                head_only,
            );
        }
    }
}

/// A server-sent event stream: one `reload` message per rebuild.
fn events(mut stream: TcpStream, reload: &Shared) {
    let header = "HTTP/1.1 200 OK\r\nContent-Type: text/event-stream\r\nCache-Control: no-store\r\nConnection: keep-alive\r\n\r\n: connected\n\n";
    if stream.write_all(header.as_bytes()).is_err() {
        return;
    }
    let mut seen = reload.current();
    loop {
        let now = reload.wait_after(seen, Duration::from_secs(15));
        let message = if now > seen {
            "data: reload\n\n"
        } else {
            ": keep-alive\n\n"
        };
        if stream
            .write_all(message.as_bytes())
            .and_then(|_| stream.flush())
            .is_err()
        {
            return;
        }
        seen = now;
    }
}

/// Serve `root` on `listener`, one thread per connection, until the
/// process ends.
pub fn serve(listener: TcpListener, root: PathBuf, reload: Shared) {
    for stream in listener.incoming().flatten() {
        let root = root.clone();
        let reload = reload.clone();
        std::thread::spawn(move || handle(stream, &root, &reload));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn requests_stay_inside_the_site() {
        let dir = tempfile::tempdir().expect("temp dir");
        std::fs::create_dir_all(dir.path().join("guides")).expect("mkdir");
        let root = dir.path();
        assert_eq!(
            resolve(root, "/a%20b.html?x=1"),
            Some(root.join("a b.html"))
        );
        assert_eq!(
            resolve(root, "/guides/"),
            Some(root.join("guides/index.html"))
        );
        assert_eq!(resolve(root, "/"), Some(root.join("index.html")));
        assert_eq!(resolve(root, "/../etc/passwd"), None);
        assert_eq!(resolve(root, "/%2E%2E/secret"), None);
    }

    #[test]
    fn html_pages_get_the_reload_script() {
        let page = with_reload(b"<html><body><p>x</p></body></html>".to_vec());
        let text = String::from_utf8(page).expect("utf-8");
        assert!(text.contains("EventSource('/__phasebook/reload')"));
        assert!(text.ends_with("</script></body></html>"));
    }
}
