//! RESULTS.md and the README's performance summary, both from the figures of one run.

use std::path::Path;
use std::time::Duration;

use serde_json::Value;

use crate::check::CheckReport;
use crate::editor::{EditorReport, STARTS};
use crate::fixtures::Scale;
use crate::lsp::{Stats, TIMEOUT};
use crate::workspace::{DEFINITIONS, Feature, RENAMES, SYMBOL_QUERY, SYMBOLS, WorkspaceReport};

pub const OURS: &str = "agent-ls";
pub const FLOOR: &str = "floor (no-op server)";
/// The no-work server that writes, for each keystroke, the diagnostics agent-ls wrote for it.
pub const PAYLOAD_FLOOR: &str = "payload floor (agent-ls's diagnostics, replayed)";

/// Everything one run measured.
pub struct Run {
    pub rounds: usize,
    pub quick: bool,
    /// (file, its places) in the order of the editor workspace.
    pub files: Vec<(String, Vec<String>)>,
    pub editors: Vec<EditorReport>,
    pub scale: Scale,
    pub big_files: usize,
    pub workspaces: Vec<WorkspaceReport>,
    pub checks: Vec<CheckReport>,
    pub elapsed: Duration,
}

enum Met {
    Yes,
    No,
    NotApplicable(String),
    Reported,
}

struct Target {
    what: String,
    measured: String,
    met: Met,
}

fn met(b: bool) -> Met {
    if b { Met::Yes } else { Met::No }
}

/// `1.23x`, `45.6x`, or `n/a`.
fn x(r: f64) -> String {
    if !r.is_finite() {
        "n/a".into()
    } else if r < 10.0 {
        format!("{r:.2}x")
    } else {
        format!("{r:.1}x")
    }
}

fn ms(v: f64) -> String {
    if v.is_finite() {
        format!("{v:.3} ms")
    } else {
        "n/a".into()
    }
}

fn mb(kb: u64) -> String {
    if kb > 0 {
        format!("{:.1}", kb as f64 / 1024.0)
    } else {
        "n/a".into()
    }
}

impl Run {
    fn editor(&self, name: &str) -> Option<&EditorReport> {
        self.editors.iter().find(|r| r.name == name)
    }

    /// The first server that is neither agent-ls nor the floor.
    fn peer_editor(&self) -> Option<&EditorReport> {
        self.editors
            .iter()
            .find(|r| r.name != OURS && r.name != FLOOR && r.name != PAYLOAD_FLOOR)
    }

    fn ws(&self, name: &str) -> Option<&WorkspaceReport> {
        self.workspaces.iter().find(|r| r.name == name)
    }

    fn peer_ws(&self) -> Option<&WorkspaceReport> {
        self.workspaces
            .iter()
            .find(|r| r.name != OURS && r.name != FLOOR && r.name != PAYLOAD_FLOOR)
    }

    fn targets(&self) -> Vec<Target> {
        let mut out = Vec::new();
        self.keystroke_targets(&mut out);
        self.startup_target(&mut out);
        self.workspace_targets(&mut out);
        self.check_targets(&mut out);
        out
    }

    fn keystroke_targets(&self, out: &mut Vec<Target>) {
        let Some(o) = self.editor(OURS) else {
            return;
        };
        let floor = self.editor(FLOOR);
        let payload = self.editor(PAYLOAD_FLOOR);
        let peer = self.peer_editor();
        let median = |r: &EditorReport, f: &str, p: &str| {
            r.trace(f, p).map(Stats::median).unwrap_or(f64::NAN)
        };
        for (file, places) in &self.files {
            if o.silent.contains(file) {
                out.push(Target {
                    what: format!("{file}: keystroke to diagnostics"),
                    measured: "agent-ls published nothing for this file".into(),
                    met: Met::No,
                });
                continue;
            }
            // the target is the payload floor's (the same answer written, no work); the no-op
            // floor's ratio is reported beside it
            for (fl, what, target) in [
                (
                    payload,
                    "the payload floor's (agent-ls's diagnostics replayed, no work)",
                    true,
                ),
                (floor, "the no-op floor's", payload.is_none()),
            ] {
                let Some(fl) = fl else {
                    continue;
                };
                let mut parts = Vec::new();
                let mut all = true;
                for p in places {
                    let (a, b) = (median(o, file, p), median(fl, file, p));
                    all &= a.is_finite() && b.is_finite() && a / b <= 1.25;
                    parts.push(format!("{p} {a:.3} vs {b:.3} ({})", x(a / b)));
                }
                out.push(Target {
                    what: match target {
                        true => {
                            format!("{file}: keystroke median ≤ 1.25x {what}, at every place (ms)")
                        }
                        false => format!("{file}: keystroke median against {what} (ms)"),
                    },
                    measured: parts.join("; "),
                    met: match target {
                        true => met(all),
                        false => Met::NotApplicable(
                            "reported (the target is the payload floor's)".into(),
                        ),
                    },
                });
            }
            if let Some(pe) = peer {
                let what = format!("{file}: keystroke median ≥ 15x faster than {}", pe.name);
                if pe.silent.contains(file) {
                    out.push(Target {
                        what,
                        measured: format!("{} publishes nothing for this file", pe.name),
                        met: Met::NotApplicable("n/a".into()),
                    });
                } else {
                    let mut parts = Vec::new();
                    let mut all = true;
                    let mut compared = false;
                    for p in places {
                        let (a, b) = (median(o, file, p), median(pe, file, p));
                        if b.is_finite() {
                            compared = true;
                            all &= a.is_finite() && b / a >= 15.0;
                        }
                        parts.push(format!("{p} {a:.3} vs {b:.3} ({})", x(b / a)));
                    }
                    out.push(Target {
                        what,
                        measured: parts.join("; "),
                        met: if compared {
                            met(all)
                        } else {
                            Met::NotApplicable(format!(
                                "n/a, {} gave no diagnostics after edits",
                                pe.name
                            ))
                        },
                    });
                }
            }
            let mut parts = Vec::new();
            let mut all = true;
            for p in places {
                let st = o.trace(file, p);
                let (m, p99) = st
                    .map(|s| (s.median(), s.pct(0.99)))
                    .unwrap_or((f64::NAN, f64::NAN));
                all &= m.is_finite() && p99 <= 3.0 * m && st.is_some_and(|s| s.timeouts == 0);
                parts.push(format!("{p} {p99:.3} / {m:.3} ({})", x(p99 / m)));
            }
            out.push(Target {
                what: format!("{file}: agent-ls keystroke p99 ≤ 3x its median (p99 / median, ms)"),
                measured: parts.join("; "),
                met: met(all),
            });
        }
    }

    fn startup_target(&self, out: &mut Vec<Target>) {
        let (Some(o), Some(f)) = (self.editor(OURS), self.editor(FLOOR)) else {
            return;
        };
        let (a, b) = (o.startup_median(), f.startup_median());
        let mut measured = format!("{} vs {} ({})", ms(a), ms(b), x(a / b));
        if let Some(p) = self.peer_editor() {
            measured.push_str(&format!("; {} {}", p.name, ms(p.startup_median())));
        }
        out.push(Target {
            what: format!(
                "start-up to first diagnostics of the 10 KB agent (median of {STARTS} starts) ≤ 2x the floor"
            ),
            measured,
            met: met(a.is_finite() && b.is_finite() && a / b <= 2.0),
        });
    }

    fn workspace_targets(&self, out: &mut Vec<Target>) {
        let Some(o) = self.ws(OURS) else {
            return;
        };
        let floor = self.ws(FLOOR);
        let peer = self.peer_ws();
        let mut measured = match o.index_ms {
            Some(v) => format!("{v:.0} ms (`{}`)", o.index_note),
            None => o.index_note.clone(),
        };
        if let Some(p) = peer {
            measured.push_str(&format!("; {}: {}", p.name, p.index_note));
        }
        out.push(Target {
            what: format!(
                "big workspace ({} files): `initialized` to a complete index (the floor has no index)",
                self.big_files
            ),
            measured,
            met: if o.index_ms.is_some() {
                Met::Reported
            } else {
                Met::No
            },
        });

        // a feature against the floor and the peer; `floor_limit`: the target's ratio to the
        // floor, else the target is to be faster than the peer
        let feature = |what: String,
                       label: &str,
                       pick: fn(&WorkspaceReport) -> &Feature,
                       floor_limit: Option<f64>|
         -> Target {
            let of = pick(o);
            let a = of.stats.median();
            let mut measured = if !of.supported {
                "agent-ls: not supported".to_string()
            } else {
                format!(
                    "{} ({})",
                    of.stats.fmt(a) + if a.is_finite() { " ms" } else { "" },
                    of.answer
                )
            };
            let mut ok_floor = None;
            if let Some(f) = floor {
                let b = pick(f).stats.median();
                measured.push_str(&format!("; floor {} ({})", ms(b), x(a / b)));
                ok_floor =
                    Some(a.is_finite() && b.is_finite() && floor_limit.is_some_and(|l| a / b <= l));
            }
            let mut ok_peer = None;
            if let Some(p) = peer {
                let pf = pick(p);
                if pf.supported {
                    let c = pf.stats.median();
                    measured.push_str(&format!("; {} {} ({})", p.name, pf.stats.fmt(c), x(c / a)));
                    ok_peer = Some(a.is_finite() && (!c.is_finite() || a < c));
                } else {
                    measured.push_str(&format!("; {}: not supported", p.name));
                }
            }
            let verdict = match floor_limit {
                Some(_) => ok_floor
                    .map(met)
                    .unwrap_or(Met::NotApplicable("n/a, no floor".into())),
                None => match (ok_peer, peer) {
                    (Some(b), _) => met(b && of.supported),
                    (None, Some(p)) => {
                        Met::NotApplicable(format!("n/a, {} has no {label}", p.name))
                    }
                    (None, None) => Met::NotApplicable("n/a, no peer".into()),
                },
            };
            Target {
                what,
                measured,
                met: verdict,
            }
        };
        out.push(feature(
            format!("rename of `skill-00000` (median of {RENAMES}): faster than the peer; ratio to the floor"),
            "rename",
            |r| &r.rename,
            None,
        ));
        let listed = self.scale.with_skill;
        out.push(Target {
            what: format!("the rename edits the {listed} agents that list `skill-00000`"),
            measured: o.rename.answer.clone(),
            met: met(o.rename.count.is_some_and(|n| n >= listed)),
        });
        out.push(feature(
            format!("go to definition from an agent's `skills:` entry (median of {DEFINITIONS}) ≤ 2x the floor"),
            "definition",
            |r| &r.definition,
            Some(2.0),
        ));
        out.push(feature(
            format!("workspace/symbol `{SYMBOL_QUERY}` (median of {SYMBOLS}): faster than the peer; ratio to the floor"),
            "workspace symbols",
            |r| &r.symbols,
            None,
        ));
    }

    fn check_targets(&self, out: &mut Vec<Target>) {
        for set in ["agents", "workspace"] {
            let Some(o) = self.checks.iter().find(|c| c.name == OURS && c.set == set) else {
                continue;
            };
            let Some(p) = self.checks.iter().find(|c| c.name != OURS && c.set == set) else {
                continue;
            };
            let what = |t: &str| format!("`check` over {}: {t}", set_label(o));
            if let Some(why) = p.failure() {
                for t in [
                    format!("≥ 100x faster than {}", p.name),
                    format!("peak RSS lower than {}", p.name),
                ] {
                    out.push(Target {
                        what: what(&t),
                        measured: format!("{}: {why}", p.name),
                        met: Met::NotApplicable("n/a".into()),
                    });
                }
                continue;
            }
            let ours_ok = o.ok();
            // a peer stopped at the time limit: its figures are lower bounds, which decide the
            // target only when they are enough
            let at_least = if p.stopped { "≥ " } else { "" };
            let stopped_note = if p.stopped {
                format!(" ({} stopped after {} s)", p.name, p.limit_s)
            } else {
                String::new()
            };
            let r = p.wall_s / o.wall_s;
            out.push(Target {
                what: what(&format!("≥ 100x faster than {}", p.name)),
                measured: match o.failure() {
                    Some(why) => format!("agent-ls {why}"),
                    None => format!(
                        "{:.2} s vs {at_least}{:.2} s{stopped_note}: {at_least}{}",
                        o.wall_s,
                        p.wall_s,
                        x(r)
                    ),
                },
                met: if ours_ok && r >= 100.0 {
                    Met::Yes
                } else if ours_ok && p.stopped {
                    Met::NotApplicable(format!("n/a, {} did not finish", p.name))
                } else {
                    Met::No
                },
            });
            let lower = ours_ok && o.peak_rss_kb > 0 && o.peak_rss_kb < p.peak_rss_kb;
            out.push(Target {
                what: what(&format!("peak RSS lower than {}", p.name)),
                measured: format!(
                    "{} MB vs {at_least}{} MB{stopped_note}",
                    mb(o.peak_rss_kb),
                    mb(p.peak_rss_kb)
                ),
                met: if lower {
                    Met::Yes
                } else if ours_ok && p.stopped {
                    Met::NotApplicable(format!("n/a, {} did not finish", p.name))
                } else {
                    Met::No
                },
            });
        }
    }

    fn targets_table(&self) -> String {
        let mut md = String::from("| target | measured | met |\n|---|---|---|\n");
        for t in self.targets() {
            let met = match &t.met {
                Met::Yes => "met".to_string(),
                Met::No => "**not met**".to_string(),
                Met::NotApplicable(s) => s.clone(),
                Met::Reported => "reported (no target)".to_string(),
            };
            md.push_str(&format!("| {} | {} | {met} |\n", t.what, t.measured));
        }
        md
    }

    fn mode(&self) -> String {
        format!(
            "{} rounds per trace{}; the run took {:.1} min",
            self.rounds,
            if self.quick {
                ", `--quick` (agent set and workspace 10x smaller)"
            } else {
                ""
            },
            self.elapsed.as_secs_f64() / 60.0
        )
    }

    /// RESULTS.md.
    pub fn results(&self) -> String {
        let mut md = String::new();
        md.push_str("# Benchmark results\n\n");
        md.push_str(&format!(
            "Machine: {}. Written by `benches/run` (the e2e harness, `benches/e2e.rs`); date: {}; {}.\n\n",
            machine(),
            today(),
            self.mode()
        ));
        md.push_str("All servers and commands ran in the same run, on the same files and the same traces. \
            The floor is a language server that does no work at all (`--echo-server` of the harness: it \
            publishes empty diagnostics for every change and answers every request with `null`): its \
            latencies are what pipes and process wake-ups cost on this machine. The payload floor is \
            the same server writing, for each keystroke, the diagnostics agent-ls wrote for it (recorded \
            in agent-ls's turn of the same trace, replayed already serialised): its latencies are what \
            decoding the frames and writing that answer cost, and keystroke targets are set against it. \
            Targets are ratios \
            measured in this run, never absolute times. `timeout` and `n/a` mark a figure that could \
            not be measured.\n\n");
        md.push_str("## Targets\n\n");
        md.push_str(&self.targets_table());
        self.keystroke_table(&mut md);
        self.startup_table(&mut md);
        self.round_trip_table(&mut md);
        self.workspace_table(&mut md);
        self.check_table(&mut md);
        // what each optimisation bought: written by hand when it was made, kept with the figures
        if let Ok(changes) = std::fs::read_to_string(
            Path::new(env!("CARGO_MANIFEST_DIR")).join("benches/CHANGES.md"),
        ) {
            md.push_str("\n## What each change bought\n\n");
            md.push_str(&changes);
        }
        let estimates =
            criterion_estimates(&Path::new(env!("CARGO_MANIFEST_DIR")).join("target/criterion"));
        if !estimates.is_empty() {
            md.push_str("\n## In-process engine (criterion medians, `benches/engine.rs`)\n\n| benchmark | median |\n|---|---|\n");
            for (id, ns) in estimates {
                md.push_str(&format!("| {id} | {} |\n", human_ns(ns)));
            }
        }
        md
    }

    fn keystroke_table(&self, md: &mut String) {
        if self.editors.is_empty() {
            return;
        }
        md.push_str(&format!(
            "\n## Keystroke to diagnostics (ms)\n\nFrom sending `didChange` until the `publishDiagnostics` of that version arrives. \
             Each trace types 10 characters and deletes them, {} times, at one place of one file: the middle of the body, \
             inside the value of every frontmatter key, and for CLAUDE.md just after the path of an `@` import (which changes \
             the import's target). Each server gets a workspace per size (`10KB`, `1MB`) holding the agent \
             (the seed, `.claude/agents/`), a skill (`.claude/skills/hermes-tweet/SKILL.md`), a slash command \
             (`.claude/commands/business-case.md`, with `$ARGUMENTS`) and a root CLAUDE.md importing files two folders deep. \
             The servers run side by side, each on its own copy: each place is traced on every server in turn (the others \
             stopped with SIGSTOP, so that no server's leftover work runs in another's trace), so that the machine's drift \
             over the run falls on all of them alike. \
             A trace stops waiting after {} keystrokes in a row without diagnostics (timeout {} s each).\n\n",
            self.rounds,
            crate::lsp::GIVE_UP_AFTER,
            TIMEOUT.as_secs()
        ));
        md.push_str("| server | file | place | median | p90 | p99 | max | samples |\n|---|---|---|---|---|---|---|---|\n");
        for r in &self.editors {
            for (file, _) in &self.files {
                if r.silent.contains(file) {
                    md.push_str(&format!(
                        "| {} | {file} | (all) | publishes nothing for this file (no diagnostics within {} s of `didOpen`) | | | | 0 |\n",
                        r.name,
                        TIMEOUT.as_secs()
                    ));
                    continue;
                }
                for t in r.traces.iter().filter(|t| &t.file == file) {
                    md.push_str(&format!(
                        "| {} | {file} | {} | {} |\n",
                        r.name,
                        t.place,
                        t.stats.row()
                    ));
                    if t.stats.timeouts > 0 {
                        md.push_str(&format!(
                            "| {} | {file} | {}: {} keystrokes got no diagnostics within {} s{} | | | | | |\n",
                            r.name,
                            t.place,
                            t.stats.timeouts,
                            TIMEOUT.as_secs(),
                            if t.stats.unmeasured > 0 {
                                format!(", {} more were sent unmeasured", t.stats.unmeasured)
                            } else {
                                String::new()
                            }
                        ));
                    }
                }
            }
        }
    }

    fn startup_table(&self, md: &mut String) {
        if self.editors.is_empty() {
            return;
        }
        md.push_str(&format!(
            "\n## Start-up to first diagnostics (ms)\n\nSpawn, `initialize`, `initialized`, `didOpen` of the 10 KB agent, until its first `publishDiagnostics`; {STARTS} fresh processes per server.\n\n| server | each start | median |\n|---|---|---|\n"
        ));
        for r in &self.editors {
            let each: Vec<String> = r
                .startups
                .iter()
                .map(|v| {
                    v.map(|v| format!("{v:.1}"))
                        .unwrap_or_else(|| "timeout".into())
                })
                .collect();
            let m = r.startup_median();
            md.push_str(&format!(
                "| {} | {} | {} |\n",
                r.name,
                each.join(", "),
                if m.is_finite() {
                    format!("{m:.1}")
                } else {
                    "timeout".into()
                }
            ));
        }
    }

    fn round_trip_table(&self, md: &mut String) {
        if self.editors.is_empty() {
            return;
        }
        md.push_str("\n## Round trips and memory\n\nCompletion in the value of `color:` and hover on `model:` of the 10 KB agent; peak RSS over the keystroke traces; RSS with 1,000 corpus agents open.\n\n| server | completion median (ms) | hover median (ms) | peak RSS (MB) | RSS with 1,000 open files (MB) | their text (MB) |\n|---|---|---|---|---|---|\n");
        for r in &self.editors {
            md.push_str(&format!(
                "| {} | {} | {} | {} | {} | {:.1} |\n",
                r.name,
                r.completion.fmt(r.completion.median()),
                r.hover.fmt(r.hover.median()),
                mb(r.peak_rss_kb),
                mb(r.open_1000_rss_kb),
                r.open_1000_text_kb as f64 / 1024.0
            ));
        }
    }

    fn workspace_table(&self, md: &mut String) {
        if self.workspaces.is_empty() {
            return;
        }
        let s = self.scale;
        md.push_str(&format!(
            "\n## A big workspace ({} files)\n\nGenerated from the corpus: {} agents (`name:` made unique; {} of them list `skill-00000` under `skills:`), \
             {} skills (`name:` = folder), {} slash commands, the root CLAUDE.md with its imports and {} `pkg-N/CLAUDE.md` importing \
             files of their `docs/`. Each server is a fresh process with this folder as its workspace. Index: from sending `initialized` \
             until agent-ls logs `agent-ls: indexed` (timeout 120 s). RSS: VmRSS after the index (0.5 s after it). Rename: \
             `textDocument/rename` on the `name:` of `.claude/skills/skill-00000/SKILL.md` to `skill-renamed` ({RENAMES} times, \
             the edit not applied). Definition: from `skill-00000` in the `skills:` of `agent-00000.md` ({DEFINITIONS} times). \
             Symbols: `workspace/symbol` for `{SYMBOL_QUERY}` ({SYMBOLS} times). A feature is asked only of a server that advertises it.\n\n",
            self.big_files, s.agents, s.with_skill, s.skills, s.commands, s.packages
        ));
        md.push_str("| server | initialize (ms) | index (ms) | RSS after index (MB) | rename median (ms) | rename answer | definition median (ms) | definition answer | symbols median (ms) | symbols answer |\n|---|---|---|---|---|---|---|---|---|---|\n");
        let cell = |f: &Feature| {
            if f.supported {
                (f.stats.fmt(f.stats.median()), f.answer.clone())
            } else {
                ("not supported".to_string(), String::new())
            }
        };
        for r in &self.workspaces {
            let (rn, ra) = cell(&r.rename);
            let (dn, da) = cell(&r.definition);
            let (sn, sa) = cell(&r.symbols);
            md.push_str(&format!(
                "| {} | {} | {} | {} | {rn} | {ra} | {dn} | {da} | {sn} | {sa} |\n",
                r.name,
                if r.init_ms.is_finite() {
                    format!("{:.1}", r.init_ms)
                } else {
                    "timeout".into()
                },
                match r.index_ms {
                    Some(v) => format!("{v:.0}"),
                    None => r.index_note.clone(),
                },
                mb(r.rss_kb),
            ));
        }
        if let Some(o) = self.ws(OURS) {
            md.push_str(&format!("\nagent-ls said: `{}`\n", o.index_note));
        }
    }

    fn check_table(&self, md: &mut String) {
        if self.checks.is_empty() {
            return;
        }
        md.push_str("\n## `check`\n\nWall time and peak RSS (`/usr/bin/time -f %M`) of each command line with the folder as its last argument \
            (stopped by `timeout` after `--check-timeout` seconds: then both are lower bounds); \
            the files it says it checked and the files it reports findings in, read from its JSON output.\n\n\
            | command | folder | wall time (s) | peak RSS (MB) | files checked (its JSON) | files with findings | exit |\n|---|---|---|---|---|---|---|\n");
        for c in &self.checks {
            if let Some(why) = &c.skipped {
                md.push_str(&format!(
                    "| {} | {} | {why} | | | | |\n",
                    c.name,
                    set_label(c)
                ));
                continue;
            }
            let at_least = if c.stopped { "≥ " } else { "" };
            md.push_str(&format!(
                "| {} | {} | {at_least}{:.2}{} | {at_least}{} | {} | {} | {} |\n",
                c.name,
                set_label(c),
                c.wall_s,
                if c.stopped {
                    format!(" (stopped after {} s)", c.limit_s)
                } else {
                    String::new()
                },
                mb(c.peak_rss_kb),
                match c.files_checked {
                    Some(n) => n.to_string(),
                    None if c.stopped => "n/a (stopped)".into(),
                    None => "not in its JSON".into(),
                },
                match c.files_with_findings {
                    Some(n) => n.to_string(),
                    None if c.stopped => "n/a (stopped)".into(),
                    None => "n/a (no JSON)".into(),
                },
                c.exit
                    .map(|c| c.to_string())
                    .unwrap_or_else(|| "signal".into())
            ));
        }
    }

    /// The README's summary: the date and the targets table.
    pub fn readme_summary(&self) -> String {
        format!(
            "Last run: {} on {} ({}). Targets of issue #15, each a ratio measured in that run \
             (every figure: [benches/RESULTS.md](benches/RESULTS.md)):\n\n{}",
            today(),
            machine(),
            self.mode(),
            self.targets_table()
        )
    }
}

fn set_label(c: &CheckReport) -> String {
    match c.set {
        "agents" => format!("{} agent files", c.files),
        _ => format!("the big workspace ({} files)", c.files),
    }
}

pub const README_START: &str = "<!-- perf:start -->";
pub const README_END: &str = "<!-- perf:end -->";

/// Replaces what is between the markers of `readme` with `summary`.
pub fn rewrite_readme(readme: &Path, summary: &str) -> Result<(), String> {
    let text = std::fs::read_to_string(readme).map_err(|e| format!("{}: {e}", readme.display()))?;
    let (Some(a), Some(b)) = (text.find(README_START), text.find(README_END)) else {
        return Err(format!(
            "{}: no `{README_START}` ... `{README_END}` markers",
            readme.display()
        ));
    };
    if b < a {
        return Err(format!(
            "{}: the markers are out of order",
            readme.display()
        ));
    }
    let new = format!("{}{README_START}\n{summary}{}", &text[..a], &text[b..]);
    std::fs::write(readme, new).map_err(|e| format!("{}: {e}", readme.display()))
}

fn criterion_estimates(root: &Path) -> Vec<(String, f64)> {
    let mut out = Vec::new();
    let mut stack = vec![root.to_path_buf()];
    while let Some(dir) = stack.pop() {
        let Ok(rd) = std::fs::read_dir(&dir) else {
            continue;
        };
        for e in rd.filter_map(|e| e.ok()) {
            let p = e.path();
            if p.is_dir() {
                if p.file_name().is_some_and(|n| n == "new") {
                    let b: Option<Value> = std::fs::read_to_string(p.join("benchmark.json"))
                        .ok()
                        .and_then(|s| serde_json::from_str(&s).ok());
                    let est: Option<Value> = std::fs::read_to_string(p.join("estimates.json"))
                        .ok()
                        .and_then(|s| serde_json::from_str(&s).ok());
                    if let (Some(b), Some(est)) = (b, est) {
                        let id = b["full_id"].as_str().unwrap_or("?").to_string();
                        let ns = est["median"]["point_estimate"].as_f64().unwrap_or(f64::NAN);
                        out.push((id, ns));
                    }
                } else {
                    stack.push(p);
                }
            }
        }
    }
    out.sort_by(|a, b| a.0.cmp(&b.0));
    out
}

fn machine() -> String {
    let cpu = std::fs::read_to_string("/proc/cpuinfo")
        .ok()
        .and_then(|s| {
            s.lines()
                .find(|l| l.starts_with("model name"))
                .map(|l| l.split(':').nth(1).unwrap_or("").trim().to_string())
        })
        .unwrap_or_else(|| "unknown CPU".into());
    let cores = std::thread::available_parallelism()
        .map(|n| n.get())
        .unwrap_or(1);
    let mem = proc_meminfo_gb();
    format!("{cpu}, {cores} cores, {mem:.0} GiB")
}

fn proc_meminfo_gb() -> f64 {
    std::fs::read_to_string("/proc/meminfo")
        .ok()
        .and_then(|s| {
            s.lines().next().and_then(|l| {
                l.split_whitespace()
                    .nth(1)
                    .and_then(|v| v.parse::<f64>().ok())
            })
        })
        .map(|kb| kb / 1024.0 / 1024.0)
        .unwrap_or(0.0)
}

fn human_ns(ns: f64) -> String {
    if ns >= 1e6 {
        format!("{:.2} ms", ns / 1e6)
    } else if ns >= 1e3 {
        format!("{:.2} µs", ns / 1e3)
    } else {
        format!("{ns:.0} ns")
    }
}

fn today() -> String {
    std::process::Command::new("date")
        .arg("+%Y-%m-%d")
        .output()
        .ok()
        .and_then(|o| String::from_utf8(o.stdout).ok())
        .map(|s| s.trim().to_string())
        .unwrap_or_default()
}
