//! `phasebook serve`.

use std::io::{IsTerminal, Write};
use std::net::TcpListener;
use std::sync::Arc;

use anyhow::{Context, Result};

use super::build::{BuildOptions, Seen, build_once};
use super::{exit, load_config, use_color};
use crate::cli::{GlobalArgs, ServeArgs};
use crate::config::{Config, absolute};
use crate::serve::{self, Reload, watch};
use crate::site::output::WhenLocked;

fn configured(args: &ServeArgs, global: &GlobalArgs) -> Result<(Config, std::path::PathBuf)> {
    let (mut config, cwd) = load_config(global)?;
    if let Some(out) = &args.out {
        config.build_dir = absolute(&cwd, out);
    }
    // `serve` serves the site at `/`: the 404 page's links (the only
    // absolute ones) must start there, whatever base the published site
    // has (`[site] base-url`, or the path of `site-url`).
    config.site.base_url = "/".to_string();
    Ok((config, cwd))
}

/// The files whose changes mean a rebuild ([`watch::watched`]), and the
/// `additional-css`/`-js` files the site copies from outside the vault.
fn roots(config: &Config) -> Vec<std::path::PathBuf> {
    let mut roots = watch::watched(
        &config.vault_dir,
        config.file.as_deref(),
        config.site.templates.as_deref(),
    );
    let additional = (config.site.additional_css.iter()).chain(&config.site.additional_js);
    roots.extend(additional.map(|file| file.source.clone()));
    roots
}

fn fingerprint(config: &Config) -> u64 {
    watch::fingerprint(&roots(config), std::slice::from_ref(&config.build_dir))
}

pub fn run(args: &ServeArgs, global: &GlobalArgs) -> Result<u8> {
    let color = use_color(global.color) && std::io::stderr().is_terminal();
    let (config, cwd) = configured(args, global)?;
    // Each rebuild prints the findings it adds and resolves.
    let seen = std::sync::Mutex::new(Seen::default());
    // Rebuilds wait for any other build of the folder (the same lock).
    let rebuild = BuildOptions {
        strict: false,
        color,
        exiting: false,
        explain: false,
        when_locked: WhenLocked::Wait,
        seen: Some(&seen),
    };
    // The port first: a busy one stops the command before any site is
    // written.
    let listener = TcpListener::bind((args.bind.as_str(), args.port))
        .with_context(|| format!("cannot listen on {}:{}", args.bind, args.port))?;
    // Taken before the first build: an edit made while it runs (or just
    // after it printed its summary, before the loop below began) is a
    // change to rebuild for, not the state the loop starts from.
    let mut changes = watch::Changes::watch(&roots(&config));
    let mut seen = fingerprint(&config);
    if let Err(err) = build_once(&config, &cwd, &rebuild) {
        // A note saved while the first build read it is not a reason to
        // stop: the fingerprint above predates the save, so the loop
        // below builds again.
        if err.downcast_ref::<crate::vault::ChangedOnDisk>().is_none() {
            return Err(err);
        }
        eprintln!("phasebook: error: {err:#}");
    }
    let address = listener
        .local_addr()
        .context("cannot read the listening address")?;
    super::write_stdout(
        format!(
            "phasebook: serving {} at http://{address}/ — rebuilding on changes (Ctrl-C to stop)\n",
            config.build_dir.display()
        )
        .as_bytes(),
    )?;
    if !address.ip().is_loopback() {
        eprintln!(
            "phasebook: warning: listening on {address}, which other machines can reach: \
             anyone on the network can read the site (use --bind 127.0.0.1 to keep it local)"
        );
    }
    let reload = Arc::new(Reload::default());
    {
        let (root, reload) = (config.build_dir.clone(), reload.clone());
        let options = serve::http::Options {
            allowed_hosts: args
                .allowed_hosts
                .iter()
                .map(|h| h.trim().trim_end_matches('.').to_ascii_lowercase())
                .collect(),
            csp: crate::site::context::with_inline_style(
                crate::site::context::content_security_policy(&config.site),
            ),
        };
        std::thread::spawn(move || serve::http::serve(listener, root, reload, options));
    }

    let mut config = config;
    loop {
        let reported = changes.wait();
        let now = fingerprint(&config);
        if now == seen {
            continue;
        }
        if !reported {
            // Found by the clock: let a burst of saves settle first (a
            // reported change waited for quiet already).
            std::thread::sleep(watch::POLL);
        }
        let failed = match configured(args, global) {
            Ok((fresh, _)) => {
                config = fresh;
                None
            }
            Err(err) => Some(err),
        };
        // Of the files the configuration now names: a change of roots is
        // not a change to build for again.
        seen = fingerprint(&config);
        if let Some(err) = failed {
            eprintln!("phasebook: error: {err:#}; keeping the current site");
            continue;
        }
        // `book.toml` may name another vault or theme folder.
        if roots(&config) != changes.roots() {
            changes = watch::Changes::watch(&roots(&config));
        }
        match build_once(&config, &cwd, &rebuild) {
            Ok(code) if code == exit::OK => reload.bump(),
            Ok(_) => {}
            Err(err) => eprintln!("phasebook: error: {err:#}; keeping the current site"),
        }
        std::io::stdout().flush()?;
    }
}
