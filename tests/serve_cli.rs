//! `phasebook serve`: serves the built site and tells open pages to reload
//! when a note changes.

mod common;

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::time::Duration;

fn get(address: &str, path: &str) -> String {
    let mut stream = TcpStream::connect(address).expect("connect");
    stream
        .set_read_timeout(Some(Duration::from_secs(20)))
        .expect("timeout");
    write!(stream, "GET {path} HTTP/1.1\r\nHost: localhost\r\n\r\n").expect("request");
    let mut response = String::new();
    stream.read_to_string(&mut response).expect("response");
    response
}

#[test]
fn serve_rebuilds_on_change_and_pages_are_told_to_reload() {
    let fixture = common::fixture(&[("a.md", "# A\n\nFirst text.\n"), ("b.md", "# B\n")]);
    let site = fixture.dir.path().join("site");
    let server = common::serve(
        fixture.dir.path(),
        &[
            "--vault".as_ref(),
            fixture.root().as_os_str(),
            "--out".as_ref(),
            site.as_os_str(),
        ],
    );
    let address = server.address.clone();

    let page = get(&address, "/a.html");
    assert!(page.starts_with("HTTP/1.1 200 OK"), "{page}");
    assert!(page.contains("First text."), "{page}");
    assert!(
        page.contains("/__phasebook/reload"),
        "reload script injected"
    );
    assert!(get(&address, "/../../etc/passwd").starts_with("HTTP/1.1 403"));
    assert!(get(&address, "/missing.html").starts_with("HTTP/1.1 404"));

    // A page listening for reloads, then an edit.
    let mut events = TcpStream::connect(&address).expect("connect");
    events
        .set_read_timeout(Some(Duration::from_secs(30)))
        .expect("timeout");
    write!(
        events,
        "GET /__phasebook/reload HTTP/1.1\r\nHost: localhost\r\n\r\n"
    )
    .expect("request");
    let mut reader = BufReader::new(events);
    let mut line = String::new();
    // Wait until the stream is open before changing anything.
    while reader.read_line(&mut line).is_ok_and(|n| n > 0) && !line.contains("connected") {
        line.clear();
    }
    std::fs::write(fixture.root().join("a.md"), "# A\n\nSecond text.\n").expect("edit");
    let mut got_reload = false;
    line.clear();
    while reader.read_line(&mut line).is_ok_and(|n| n > 0) {
        if line.contains("data: reload") {
            got_reload = true;
            break;
        }
        line.clear();
    }
    assert!(got_reload, "no reload event after the edit");
    let page = get(&address, "/a.html");
    assert!(page.contains("Second text."), "rebuilt: {page}");
}

#[test]
fn a_rebuild_prints_the_findings_it_adds_and_resolves_as_check_does() {
    let fixture = common::fixture(&[
        ("a.md", "# A\n\nFirst text.\n"),
        ("b.md", "# B\n\n[[old-missing]]\n"),
    ]);
    let site = fixture.dir.path().join("site");
    let server = common::serve(
        fixture.dir.path(),
        &[
            "--vault".as_ref(),
            fixture.root().as_os_str(),
            "--out".as_ref(),
            site.as_os_str(),
            "--color".as_ref(),
            "never".as_ref(),
        ],
    );
    // The first build's summary line counts b's old finding; it is not
    // printed as new.
    let first = server.stderr_once("phasebook: 1 error", 20);
    assert!(!first.contains("old-missing"), "{first}");
    // A broken link appears: printed as `check` prints it.
    std::fs::write(fixture.root().join("a.md"), "# A\n\nSee [[nowhere]].\n").expect("edit");
    let after = server.stderr_once("phasebook: 2 errors", 30);
    let new =
        "error[broken-link]: `nowhere` names no note or file in the vault\n --> vault/a.md:3:5\n";
    assert!(after.contains(new), "{after}");
    assert!(after.contains("3 | See [[nowhere]]."), "{after}");
    assert!(
        !after.contains("error[broken-link]: `old-missing`"),
        "an old finding is not new: {after}"
    );
    // Both go away: each is named as resolved.
    std::fs::write(fixture.root().join("a.md"), "# A\n\nSee [[b]].\n").expect("edit");
    std::fs::write(fixture.root().join("b.md"), "# B\n\n[[a]]\n").expect("edit");
    let done = server.stderr_once("vault/b.md:3:1: error[broken-link]", 30);
    assert!(
        done.contains(
            "phasebook: resolved: vault/a.md:3:5: error[broken-link]: `nowhere` names no note or file in the vault"
        ),
        "{done}"
    );
    assert!(
        done.contains(
            "phasebook: resolved: vault/b.md:3:1: error[broken-link]: `old-missing` names no note or file in the vault"
        ),
        "{done}"
    );
}

#[test]
fn a_busy_port_stops_serve_before_it_writes_a_site() {
    let fixture = common::fixture(&[("a.md", "# A\n")]);
    let taken = std::net::TcpListener::bind("127.0.0.1:0").expect("a free port");
    let port = taken.local_addr().expect("address").port().to_string();
    let out = fixture.dir.path().join("site");
    let run = assert_cmd::Command::cargo_bin("phasebook")
        .expect("binary")
        .args(["serve", "--port", &port, "--vault"])
        .arg(fixture.root())
        .arg("--out")
        .arg(&out)
        .timeout(std::time::Duration::from_secs(30))
        .assert()
        .code(2);
    let stderr = String::from_utf8_lossy(&run.get_output().stderr).into_owned();
    assert!(stderr.contains("cannot listen on"), "{stderr}");
    assert!(!out.exists(), "no site was written");
}

/// `serve` serves at `/`: its 404 page's links start there, even when the
/// published site's base is the path of `[site] site-url`.
#[test]
fn the_404_page_of_serve_links_from_the_root() {
    let dir = tempfile::tempdir().expect("temp dir");
    common::write_files(
        dir.path(),
        &[
            (
                "book.toml",
                "[site]\nsite-url = \"https://example.com/handbook/\"\n",
            ),
            ("vault/a.md", "# A\n"),
        ],
    );
    let server = common::serve(dir.path(), &[]);
    let missing = get(&server.address, "/deep/missing.html");
    assert!(missing.starts_with("HTTP/1.1 404"), "{missing}");
    assert!(
        missing.contains(r#"href="/_phasebook/style.css""#),
        "{missing}"
    );
    assert!(!missing.contains("/handbook/"), "{missing}");
    // `build` keeps the published base.
    let site = dir.path().join("built");
    common::phasebook()
        .current_dir(dir.path())
        .args(["build", "--out"])
        .arg(&site)
        .assert()
        .success();
    let page = std::fs::read_to_string(site.join("404.html")).expect("404");
    assert!(
        page.contains(r#"href="/handbook/_phasebook/style.css""#),
        "{page}"
    );
}

#[test]
fn an_edit_to_an_additional_css_file_is_rebuilt() {
    // The site copies it from outside the vault: serve watches it too.
    let dir = tempfile::tempdir().expect("temp dir");
    common::write_files(
        dir.path(),
        &[
            (
                "book.toml",
                "[book]\ntitle = \"T\"\nsrc = \"vault\"\n\n[output.html]\nadditional-css = [\"custom.css\"]\n",
            ),
            ("custom.css", "body { color: black; }\n"),
            ("vault/a.md", "# A\n"),
        ],
    );
    let server = common::serve(dir.path(), &[]);
    let css = "/_phasebook/additional/custom.css";
    assert!(get(&server.address, css).contains("color: black"));
    std::fs::write(dir.path().join("custom.css"), "body { color: navy; }\n").expect("edit");
    let until = std::time::Instant::now() + Duration::from_secs(30);
    while !get(&server.address, css).contains("color: navy") {
        assert!(
            std::time::Instant::now() < until,
            "not rebuilt: {}",
            get(&server.address, css)
        );
        std::thread::sleep(Duration::from_millis(100));
    }
}
