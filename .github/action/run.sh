#!/usr/bin/env bash
# The steps of phasebook's GitHub Action (action.yml at the repository root),
# one subcommand each, so that every step can be run and tested outside
# GitHub (.ci/action does): `run.sh key|install|check|readiness|finish`.
#
# What each reads (GitHub sets these for a composite action's steps):
#   GITHUB_ACTION_PATH    the action's own checkout (phasebook's source)
#   GITHUB_OUTPUT         file the step's outputs are appended to
#   GITHUB_PATH           file of folders to prepend to PATH for later steps
#   GITHUB_STEP_SUMMARY   file the run's summary (Markdown) is appended to
#   RUNNER_TEMP           a scratch folder emptied after each job
# and the action's inputs, passed as environment variables (never pasted
# into the script, so an input cannot inject shell):
#   PHASEBOOK_VAULT, PHASEBOOK_CONFIG, PHASEBOOK_CHECK_ARGS,
#   PHASEBOOK_READINESS, PHASEBOOK_SARIF, PHASEBOOK_FAIL_ON,
#   PHASEBOOK_INSTALL, PHASEBOOK_CACHE_HIT, PHASEBOOK_CHECK_STATUS
set -euo pipefail

: "${GITHUB_ACTION_PATH:?run.sh runs as a step of the phasebook action}"
say() { printf 'phasebook action: %s\n' "$*" >&2; }
output() { printf '%s=%s\n' "$1" "$2" >> "${GITHUB_OUTPUT:-/dev/null}"; }
truthy() { case "${1,,}" in true | yes | 1 | on) return 0 ;; *) return 1 ;; esac; }

# --vault/--config as the inputs say; they are global options, valid after
# any subcommand.
where=()
[ -n "${PHASEBOOK_VAULT:-}" ] && where+=(--vault "$PHASEBOOK_VAULT")
[ -n "${PHASEBOOK_CONFIG:-}" ] && where+=(--config "$PHASEBOOK_CONFIG")

# The SARIF log goes to the runner's scratch folder, not the workspace: in
# the workspace it would be a file of the vault when the vault is the
# repository itself, and published by a later `phasebook build`.
sarif_file="${RUNNER_TEMP:-${TMPDIR:-/tmp}}/phasebook.sarif"

case "${1:-}" in
key)
  # The cache key of an installed phasebook: a digest of the sources it is
  # built from. Not `hashFiles()`: that reads only the workspace, and the
  # action's checkout is outside it; not the action's ref either: a branch
  # ref moves.
  digest=$(cd "$GITHUB_ACTION_PATH" &&
    find Cargo.toml Cargo.lock src site-templates starter -type f -print0 |
    LC_ALL=C sort -z | xargs -0 sha256sum | sha256sum | cut -c1-16)
  output key "phasebook-$(uname -s)-$(uname -m)-$digest"
  ;;

install)
  if ! truthy "${PHASEBOOK_INSTALL:-true}"; then
    command -v phasebook >/dev/null || { say "install: false, but no phasebook on PATH"; exit 1; }
    say "using $(command -v phasebook) ($(phasebook --version))"
    exit 0
  fi
  root=${CARGO_INSTALL_ROOT:-$HOME/.cargo}
  # A cache hit restored the binary built from these very sources.
  if truthy "${PHASEBOOK_CACHE_HIT:-false}" && [ -x "$root/bin/phasebook" ]; then
    say "restored from the cache: $root/bin/phasebook"
  else
    # --locked: the versions in Cargo.lock, as CI tested them. --force: a
    # path install whose version number did not change is still a new build.
    cargo install --locked --force --path "$GITHUB_ACTION_PATH" --root "$root"
  fi
  echo "$root/bin" >> "${GITHUB_PATH:-/dev/null}"
  "$root/bin/phasebook" --version
  ;;

check)
  # Extra arguments, split on whitespace (no quoting).
  read -r -a extra <<< "${PHASEBOOK_CHECK_ARGS:-}"
  fail_on=${PHASEBOOK_FAIL_ON:-error}
  status=0
  # Annotations: one workflow command per finding, on the pull request's
  # diff. The summary line (stderr) is kept for the step summary.
  stderr=${RUNNER_TEMP:-/tmp}/phasebook-check.stderr
  phasebook check "${where[@]}" --format github --fail-on "$fail_on" "${extra[@]}" 2> "$stderr" ||
    status=$?
  cat "$stderr" >&2
  if truthy "${PHASEBOOK_SARIF:-true}"; then
    # The same findings for code scanning. Its exit status is not the
    # job's: the run above already decided.
    sarif_status=0
    phasebook check "${where[@]}" --format sarif --output "$sarif_file" --fail-on never --quiet \
      "${extra[@]}" || sarif_status=$?
    if [ "$sarif_status" -ne 0 ]; then
      say "the SARIF run failed (exit $sarif_status)"
      [ "$status" -ne 0 ] || status=$sarif_status
    fi
    [ -f "$sarif_file" ] && output sarif-file "$sarif_file"
  fi
  output status "$status"
  if [ -n "${GITHUB_STEP_SUMMARY:-}" ]; then
    summary=$(tail -n 1 "$stderr")
    printf '## phasebook check\n\n`%s`\n\n' "${summary:-exit $status}" >> "$GITHUB_STEP_SUMMARY"
  fi
  # Never fails here: the SARIF upload and the readiness summary still run,
  # and `finish` exits with this status.
  ;;

readiness)
  [ -n "${GITHUB_STEP_SUMMARY:-}" ] || { say "no GITHUB_STEP_SUMMARY"; exit 1; }
  report=${RUNNER_TEMP:-/tmp}/phasebook-readiness.md
  if phasebook readiness "${where[@]}" --format markdown > "$report"; then
    cat "$report" >> "$GITHUB_STEP_SUMMARY"
  else
    # A readiness failure (a configuration error) is the check's to
    # report: it reads the same configuration.
    say "phasebook readiness failed; no readiness report in the summary"
  fi
  ;;

finish)
  status=${PHASEBOOK_CHECK_STATUS:-}
  case "$status" in
  0) say "check passed" ;;
  '') say "the check step did not run"; exit 1 ;;
  *) say "check failed (exit $status)"; exit "$status" ;;
  esac
  ;;

*)
  echo "usage: run.sh key|install|check|readiness|finish" >&2
  exit 2
  ;;
esac
