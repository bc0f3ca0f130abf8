//! `phasebook completions SHELL` and `phasebook man`: what a shell and `man`
//! are given, checked the way they would use it.

mod common;

use clap::CommandFactory;
use common::phasebook;
use phasebook::cli::Cli;

/// The subcommands users can type (clap's `help` is not one of ours).
fn subcommand_names() -> Vec<String> {
    let names: Vec<String> = Cli::command()
        .get_subcommands()
        .filter(|s| !s.is_hide_set())
        .map(|s| s.get_name().to_string())
        .collect();
    assert!(names.iter().any(|n| n == "check"), "{names:?}");
    names
}

fn stdout_of(args: &[&str]) -> String {
    let out = phasebook().args(args).output().unwrap();
    assert_eq!(out.status.code(), Some(0), "{args:?}: {out:?}");
    String::from_utf8(out.stdout).unwrap()
}

#[test]
fn bash_registers_the_completion_when_the_script_is_sourced() {
    let bin = env!("CARGO_BIN_EXE_phasebook");
    let script = format!("source <('{bin}' completions bash) && complete -p phasebook");
    let out = match std::process::Command::new("bash")
        .args(["-c", &script])
        .output()
    {
        Ok(out) => out,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
            eprintln!("bash not found; the bash completion test is skipped");
            return;
        }
        Err(e) => panic!("cannot run bash: {e}"),
    };
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(out.status.success(), "{out:?}");
    // `complete -p` prints the registration it found, e.g.
    // `complete -F _phasebook -o nosort -o bashdefault -o default phasebook`.
    assert!(stdout.starts_with("complete "), "{stdout}");
    assert!(stdout.trim_end().ends_with(" phasebook"), "{stdout}");
}

#[test]
fn every_shell_gets_a_script_naming_the_subcommands() {
    for shell in ["bash", "zsh", "fish", "powershell", "elvish"] {
        let script = stdout_of(&["completions", shell]);
        for name in subcommand_names() {
            assert!(script.contains(&name), "{shell}: no `{name}` in\n{script}");
        }
    }
}

#[test]
fn an_unknown_shell_is_a_usage_error() {
    let out = phasebook().args(["completions", "tcsh"]).output().unwrap();
    assert_eq!(out.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("possible values"), "{stderr}");
}

#[test]
fn the_man_page_is_roff_listing_every_subcommand() {
    let page = stdout_of(&["man"]);
    assert!(page.contains(".TH phasebook 1"), "{page}");
    for name in subcommand_names() {
        assert!(
            page.contains(&format!("phasebook\\-{name}")),
            "no {name} in\n{page}"
        );
    }
    assert!(!page.contains("phasebook\\-help"), "{page}");
}

#[test]
fn man_out_writes_a_page_per_subcommand() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("man1");
    let run = phasebook()
        .args(["man", "--out", out.to_str().unwrap()])
        .output()
        .unwrap();
    assert_eq!(run.status.code(), Some(0), "{run:?}");
    assert!(run.stdout.is_empty());
    let mut files: Vec<String> = std::fs::read_dir(&out)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    files.sort();
    let mut want: Vec<String> = subcommand_names()
        .iter()
        .map(|n| format!("phasebook-{n}.1"))
        .chain(["phasebook.1".to_string()])
        .collect();
    want.sort();
    assert_eq!(files, want);
    let check = std::fs::read_to_string(out.join("phasebook-check.1")).unwrap();
    assert!(check.contains(".TH phasebook-check 1"), "{check}");
    assert!(check.contains("\\-\\-fail\\-on"), "{check}");
}
