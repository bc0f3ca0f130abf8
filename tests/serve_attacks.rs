//! `phasebook serve` against what an adversarial page or local process
//! tries (issue #21): foreign Host names, huge request heads, idle and
//! slow connections, floods of live-reload clients, dot-files.

mod common;

use std::io::{Read, Write};
use std::net::TcpStream;
use std::time::{Duration, Instant};

/// A server of a small vault, and the vault (kept while it runs).
struct Server {
    served: common::Served,
    address: String,
    _fixture: common::Fixture,
}

fn start(extra: &[&str]) -> Server {
    let fixture = common::fixture(&[("a.md", "# A\n\nText of a.\n"), ("b.md", "# B\n")]);
    let site = fixture.dir.path().join("site");
    let mut args: Vec<std::ffi::OsString> = vec![
        "--vault".into(),
        fixture.root().into_os_string(),
        "--out".into(),
        site.into_os_string(),
    ];
    args.extend(extra.iter().map(Into::into));
    let args: Vec<&std::ffi::OsStr> = args.iter().map(|a| a.as_os_str()).collect();
    let served = common::serve(fixture.dir.path(), &args);
    Server {
        address: served.address.clone(),
        served,
        _fixture: fixture,
    }
}

fn request(address: &str, raw: &[u8]) -> String {
    let mut stream = TcpStream::connect(address).expect("connect");
    stream
        .set_read_timeout(Some(Duration::from_secs(20)))
        .expect("timeout");
    let _ = stream.write_all(raw);
    let mut response = Vec::new();
    let _ = stream.read_to_end(&mut response);
    String::from_utf8_lossy(&response).into_owned()
}

fn get(address: &str, path: &str, host: &str) -> String {
    request(
        address,
        format!("GET {path} HTTP/1.1\r\nHost: {host}\r\n\r\n").as_bytes(),
    )
}

/// A figure of the server process from /proc (`VmRSS`, `Threads`).
fn proc_status(server: &Server, key: &str) -> usize {
    let status = std::fs::read_to_string(format!("/proc/{}/status", server.served.child.id()))
        .expect("proc status");
    status
        .lines()
        .find_map(|l| l.strip_prefix(&format!("{key}:")))
        .and_then(|v| v.split_whitespace().next())
        .and_then(|v| v.parse().ok())
        .expect("a number")
}

#[test]
fn only_local_hosts_are_answered_and_responses_carry_the_safety_headers() {
    let server = start(&["--allowed-host", "handbook.test"]);
    let page = get(&server.address, "/a.html", "localhost");
    assert!(page.starts_with("HTTP/1.1 200 OK"), "{page}");
    let lower = page.to_ascii_lowercase();
    assert!(lower.contains("x-content-type-options: nosniff"), "{page}");
    assert!(lower.contains("frame-ancestors 'self'"), "{page}");
    assert!(
        lower.contains("content-security-policy: default-src 'self'"),
        "{page}"
    );
    assert!(page.contains("<script src=\"/__phasebook/reload.js\"></script>"));
    assert!(get(&server.address, "/a.html", "handbook.test:80").starts_with("HTTP/1.1 200"));
    assert!(get(&server.address, "/a.html", &server.address).starts_with("HTTP/1.1 200"));
    for foreign in [
        "evil.example",
        "evil.example:3000",
        "localhost.evil.example",
    ] {
        let answer = get(&server.address, "/a.html", foreign);
        assert!(answer.starts_with("HTTP/1.1 403"), "{foreign}: {answer}");
        assert!(!answer.contains("Text of a."), "{foreign}");
        let stream = get(&server.address, "/__phasebook/reload", foreign);
        assert!(stream.starts_with("HTTP/1.1 403"), "{foreign}: {stream}");
    }
    // Dot-files of the build folder are never served.
    for hidden in [
        "/.phasebook-manifest",
        "/.phasebook-build",
        "/%2Ephasebook-manifest",
    ] {
        let answer = get(&server.address, hidden, "localhost");
        assert!(answer.starts_with("HTTP/1.1 404"), "{hidden}: {answer}");
        assert!(!answer.contains("phasebook manifest"), "{hidden}");
    }
}

#[test]
fn a_huge_request_head_is_refused_without_growing_the_server() {
    let server = start(&[]);
    let before = proc_status(&server, "VmRSS");
    let mut stream = TcpStream::connect(&server.address).expect("connect");
    stream
        .set_read_timeout(Some(Duration::from_secs(20)))
        .expect("timeout");
    let _ = stream.write_all(b"GET /");
    let chunk = vec![b'a'; 1 << 20];
    // Up to 50 MB of request line, until the server answers and closes.
    for _ in 0..50 {
        if stream.write_all(&chunk).is_err() {
            break;
        }
    }
    let mut response = Vec::new();
    let _ = stream.read_to_end(&mut response);
    let response = String::from_utf8_lossy(&response);
    assert!(
        response.starts_with("HTTP/1.1 431") || response.starts_with("HTTP/1.1 414"),
        "{response}"
    );
    let grown = proc_status(&server, "VmRSS").saturating_sub(before);
    assert!(grown < 16 * 1024, "RSS grew by {grown} kB");
    assert!(get(&server.address, "/a.html", "localhost").starts_with("HTTP/1.1 200"));
}

#[test]
fn idle_and_slow_connections_hold_no_threads_and_are_closed_at_the_deadline() {
    let server = start(&[]);
    let idle: Vec<TcpStream> = (0..1000)
        .filter_map(|_| TcpStream::connect(&server.address).ok())
        .collect();
    assert_eq!(idle.len(), 1000);
    // A slowloris: half a request head, then nothing.
    let mut slow = TcpStream::connect(&server.address).expect("connect");
    slow.write_all(b"GET /a.html HTTP/1.1\r\nHost: localhost\r\nX-Slow: ")
        .expect("write");
    std::thread::sleep(Duration::from_millis(300));
    let page = get(&server.address, "/a.html", "localhost");
    assert!(
        page.starts_with("HTTP/1.1 200"),
        "a normal request is answered: {page}"
    );
    let threads = proc_status(&server, "Threads");
    assert!(
        threads <= 100,
        "{threads} threads for 1,000 idle connections"
    );
    // Closed at the 10 s deadline, not kept.
    slow.set_read_timeout(Some(Duration::from_secs(30)))
        .expect("timeout");
    let started = Instant::now();
    let mut rest = Vec::new();
    let _ = slow.read_to_end(&mut rest);
    assert!(
        started.elapsed() < Duration::from_secs(25),
        "the slow connection was kept open"
    );
    drop(idle);
}

#[test]
fn live_reload_clients_are_bounded_and_the_site_stays_up() {
    let server = start(&[]);
    let mut open = Vec::new();
    let mut refused = 0;
    for _ in 0..200 {
        let mut stream = TcpStream::connect(&server.address).expect("connect");
        stream
            .set_read_timeout(Some(Duration::from_secs(20)))
            .expect("timeout");
        stream
            .write_all(b"GET /__phasebook/reload HTTP/1.1\r\nHost: localhost\r\n\r\n")
            .expect("request");
        let mut head = [0u8; 12];
        stream.read_exact(&mut head).expect("status line");
        match &head {
            b"HTTP/1.1 200" => open.push(stream),
            b"HTTP/1.1 503" => refused += 1,
            other => panic!("unexpected {}", String::from_utf8_lossy(other)),
        }
    }
    assert_eq!(open.len(), 64, "streams past the bound are refused");
    assert_eq!(refused, 136);
    assert!(get(&server.address, "/a.html", "localhost").starts_with("HTTP/1.1 200"));
    drop(open);
}

#[test]
fn malformed_host_names_absolute_targets_and_two_hosts_are_refused() {
    let server = start(&[]);
    for host in ["[::1]evil.example", "localhost:evil", "user@localhost"] {
        let answer = get(&server.address, "/a.html", host);
        assert!(answer.starts_with("HTTP/1.1 403"), "{host}: {answer}");
    }
    let absolute = request(
        &server.address,
        b"GET http://evil.example/a.html HTTP/1.1\r\nHost: localhost\r\n\r\n",
    );
    assert!(!absolute.starts_with("HTTP/1.1 200"), "{absolute}");
    let two = request(
        &server.address,
        b"GET /a.html HTTP/1.1\r\nHost: localhost\r\nHost: evil.example\r\n\r\n",
    );
    assert!(!two.starts_with("HTTP/1.1 200"), "{two}");
}
