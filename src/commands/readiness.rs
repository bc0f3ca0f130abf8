//! `phasebook readiness`.

use anyhow::{Result, bail};

use super::{exit, load_config, use_color};
use crate::cli::{GlobalArgs, ReadinessArgs};
use crate::phases::Phases;
use crate::readiness::{self, Requirement, Status, WorkflowReadiness};
use crate::report::{self, PathStyle};
use crate::vault;

fn names(workflows: &[WorkflowReadiness]) -> String {
    workflows
        .iter()
        .map(|w| w.name.as_str())
        .collect::<Vec<_>>()
        .join(", ")
}

fn phase_names(workflows: &[WorkflowReadiness]) -> String {
    workflows
        .iter()
        .flat_map(|w| {
            w.phases
                .iter()
                .map(move |p| format!("{} ({})", p.stem, w.name))
        })
        .collect::<Vec<_>>()
        .join(", ")
}

/// Keep only the workflow named `name` (by name or folder).
fn select_workflow(workflows: &mut Vec<WorkflowReadiness>, name: &str) -> Result<()> {
    let all = names(workflows);
    workflows.retain(|w| w.name.eq_ignore_ascii_case(name) || w.folder.eq_ignore_ascii_case(name));
    if workflows.is_empty() {
        bail!("no workflow named `{name}`; workflows: {all}");
    }
    Ok(())
}

pub fn run(args: &ReadinessArgs, global: &GlobalArgs) -> Result<u8> {
    crate::timing::begin();
    let (config, cwd) = load_config(global)?;
    let vault = vault::load(&config);
    let phases = Phases::build(&vault, &config);
    let mut workflows = readiness::report(&vault, &config, &phases);
    if workflows.is_empty() {
        bail!(
            "no phase documents (notes with a `phase:` frontmatter key) in {}",
            config.vault_dir.display()
        );
    }
    let paths = PathStyle::new(&config.vault_dir, &cwd);

    if let Some(rev) = &args.since {
        return since(args, global, rev, (&vault, &config, &paths), workflows);
    }
    if let Some(name) = &args.artifact {
        return artifact(args, global, name, (&vault, &config, &phases, &paths));
    }
    if args.require.iter().any(String::is_empty) {
        bail!("--require needs a PHASE (a bare --require goes with --artifact)");
    }

    if let Some(name) = &args.workflow {
        select_workflow(&mut workflows, name)?;
    }

    let mut required = Vec::new();
    for id in &args.require {
        let matches: Vec<(&WorkflowReadiness, usize)> = workflows
            .iter()
            .flat_map(|w| {
                w.phases
                    .iter()
                    .enumerate()
                    .filter(|(_, p)| p.is_named(id))
                    .map(move |(i, _)| (w, i))
            })
            .collect();
        match matches.as_slice() {
            [] => bail!("no phase `{id}`; phases: {}", phase_names(&workflows)),
            [(wf, i)] => {
                let p = &wf.phases[*i];
                required.push(Requirement {
                    workflow: wf.name.clone(),
                    phase: p.stem.clone(),
                    ready: p.status == Status::ReadyToExit,
                    status: p.status,
                    open_items: p.open_items.clone(),
                });
            }
            several => {
                let stems: Vec<String> = several
                    .iter()
                    .map(|(w, i)| format!("`{}` ({})", w.phases[*i].stem, w.name))
                    .collect();
                let mut workflows: Vec<&str> =
                    several.iter().map(|(w, _)| w.name.as_str()).collect();
                workflows.dedup();
                // --workflow helps only when the phases are in different
                // workflows; two phases numbered alike in one are told
                // apart by their file names.
                if workflows.len() > 1 {
                    bail!(
                        "phase `{id}` names {} phases: {}; add --workflow NAME, or name one by its file",
                        several.len(),
                        stems.join(", ")
                    )
                }
                bail!(
                    "phase `{id}` names {} phases of workflow {}: {}; name one by its file",
                    several.len(),
                    workflows.join(""),
                    stems.join(", ")
                )
            }
        }
    }

    if let Some(id) = &args.phase {
        let all = phase_names(&workflows);
        for wf in &mut workflows {
            wf.phases.retain(|p| p.is_named(id));
        }
        workflows.retain(|w| !w.phases.is_empty());
        if workflows.is_empty() {
            bail!("no phase `{id}`; phases: {all}");
        }
    }

    let run = report::Run {
        color: use_color(global.color),
        workflows: &workflows,
        required: &required,
        ..report::Run::new(&vault, &config, &paths)
    };
    let mut out = Vec::new();
    report::readiness_format(args.format).write(&run, &mut out)?;
    super::write_stdout(&out)?;
    std::mem::forget(vault);
    Ok(if required.iter().all(|r| r.ready) {
        exit::OK
    } else {
        exit::FINDINGS
    })
}

/// `readiness --artifact NAME [--require]`: exit 1 when the artifact is
/// missing, or — required — when its checklists are not complete.
fn artifact(
    args: &ReadinessArgs,
    global: &GlobalArgs,
    name: &str,
    (vault, config, phases, paths): (&vault::Vault, &crate::config::Config, &Phases, &PathStyle),
) -> Result<u8> {
    if let Some(phase) = args.require.iter().find(|r| !r.is_empty()) {
        bail!("--artifact takes a bare --require (the artifact complete), not a phase: `{phase}`");
    }
    let report = readiness::artifact(vault, config, phases, name);
    let run = report::Run {
        color: use_color(global.color),
        artifact: Some(&report),
        ..report::Run::new(vault, config, paths)
    };
    let mut out = Vec::new();
    report::readiness_format(args.format).write(&run, &mut out)?;
    super::write_stdout(&out)?;
    let status = report.status();
    let required = !args.require.is_empty();
    Ok(match status {
        readiness::ArtifactStatus::Missing => exit::FINDINGS,
        readiness::ArtifactStatus::Open if required => exit::FINDINGS,
        _ => exit::OK,
    })
}

/// `readiness --since REF`: the workflows now against the vault at `rev`,
/// read from git into a temporary folder and loaded with the same settings.
fn since(
    args: &ReadinessArgs,
    global: &GlobalArgs,
    rev: &str,
    (vault, config, paths): (&vault::Vault, &crate::config::Config, &PathStyle),
    mut now: Vec<WorkflowReadiness>,
) -> Result<u8> {
    let snapshot = super::git::snapshot(&config.vault_dir, rev)?;
    let mut then_config = config.clone();
    then_config.vault_dir = snapshot.vault_dir.clone();
    // A snapshot is read once, from a new temporary folder each time: a
    // cache of it would never be read again, and would stay behind.
    then_config.cache_dir = None;
    let then_vault = vault::load(&then_config);
    let then_phases = Phases::build(&then_vault, &then_config);
    let mut then = readiness::report(&then_vault, &then_config, &then_phases);
    if let Some(name) = &args.workflow {
        select_workflow(&mut now, name)?;
        then.retain(|w| w.name == now[0].name);
    }
    let moved = readiness::movement(&then, &now);
    let since = report::Since {
        rev,
        commit: &snapshot.commit,
        phases: &moved,
    };
    let run = report::Run {
        color: use_color(global.color),
        since: Some(&since),
        ..report::Run::new(vault, config, paths)
    };
    let mut out = Vec::new();
    report::readiness_format(args.format).write(&run, &mut out)?;
    super::write_stdout(&out)?;
    Ok(exit::OK)
}
