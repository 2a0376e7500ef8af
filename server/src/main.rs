//! The `copydesk` binary: `copydesk check` for the command line and CI,
//! `copydesk lsp` for editors. Argument parsing only; the work is in the
//! library.

use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand};

// glibc's allocator spends a quarter of a 10,000-article check merging
// free chunks; mimalloc does not (see BENCHMARKS.md). The `system-alloc`
// feature keeps glibc's, for heap profilers that interpose malloc.
#[cfg(not(feature = "system-alloc"))]
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;
use copydesk_cli::{CheckFormat, Color, Format};

#[derive(Parser)]
#[command(name = "copydesk", version, about = "Finds where the articles of a news bundle disagree with each other: figures, names, quotes and style.", long_about = None)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Check files and folders as one bundle (default: the current folder).
    ///
    /// Exit code 0: nothing at warning or above; 1: something is; 2: usage or I/O error.
    Check {
        /// Articles or folders of articles (*.txt, *.md, *.markdown).
        paths: Vec<PathBuf>,
        /// Output format (also --output-format).
        #[arg(long, visible_alias = "output-format", value_enum, default_value_t = CheckFormat::Human)]
        format: CheckFormat,
        /// Colour the human output. NO_COLOR turns colour off unless
        /// `always` is given.
        #[arg(long, value_enum, default_value_t = Color::Auto)]
        color: Color,
        /// Configuration file (default: copydesk.toml in the first folder, or here).
        #[arg(long)]
        config: Option<PathBuf>,
        /// Apply every certain fix and write the files that change (each
        /// one atomically), then report what is left.
        #[arg(long)]
        fix: bool,
        /// Report only these rules: ids or families (`figure`, `name-`), comma-separated.
        #[arg(long, value_delimiter = ',')]
        select: Vec<String>,
        /// Leave out these rules: ids or families, comma-separated.
        #[arg(long, value_delimiter = ',')]
        ignore: Vec<String>,
        /// Report findings at this level or above: error, warning, information, hint.
        #[arg(long, value_parser = copydesk_cli::filter::parse_severity)]
        min_severity: Option<copydesk_core::Severity>,
        /// Report errors only.
        #[arg(long, short)]
        quiet: bool,
        /// Exit 1 only when there are errors or more than N warnings.
        #[arg(long, value_name = "N")]
        max_warnings: Option<usize>,
        /// Exit 0 whatever is found (2 still means a usage or I/O error).
        #[arg(long)]
        exit_zero: bool,
        /// Print the number of findings per rule instead of the findings.
        #[arg(long)]
        statistics: bool,
        /// With --fix: print the certain fixes as a unified diff and write
        /// nothing (exit 1 when there is something to fix).
        #[arg(long, requires = "fix")]
        diff: bool,
        /// The name of the article read from standard input (a path `-`);
        /// a file of that name in a folder given is replaced by it.
        #[arg(long, value_name = "PATH")]
        stdin_filename: Option<PathBuf>,
        /// Write the report (or the diff) to FILE instead of standard output.
        #[arg(long, short = 'o', value_name = "FILE")]
        output: Option<PathBuf>,
    },
    /// List every rule with its default severity and what it finds.
    Rules,
    /// Explain a rule: what it finds, what it leaves alone, how to silence it.
    Explain {
        /// A rule id, e.g. name-variant.
        rule: String,
    },
    /// Print the fact sheet of every company, index, chip or AI model the
    /// articles mention: what it is (with sources) and each sentence about it.
    ///
    /// Exit code 0, or 2 on a usage or I/O error.
    Entities {
        /// Articles or folders of articles (*.txt, *.md, *.markdown).
        paths: Vec<PathBuf>,
        /// Output format.
        #[arg(long, value_enum, default_value_t = Format::Human)]
        format: Format,
        /// Configuration file (default: copydesk.toml in the first folder, or here).
        #[arg(long)]
        config: Option<PathBuf>,
    },
    /// Print the ledger of the bundle's claims: every figure that two or
    /// more articles state of the same thing, with each article's value
    /// and line, and the claims whose values disagree marked.
    ///
    /// Exit code 0, or 2 on a usage or I/O error.
    Claims {
        /// Articles or folders of articles (*.txt, *.md, *.markdown).
        paths: Vec<PathBuf>,
        /// Output format.
        #[arg(long, value_enum, default_value_t = Format::Human)]
        format: Format,
        /// Configuration file (default: copydesk.toml in the first folder, or here).
        #[arg(long)]
        config: Option<PathBuf>,
        /// Also list every figure read and how: unit, the values its
        /// rounding allows, its time, and the words that say what it
        /// measures.
        #[arg(long)]
        all: bool,
    },
    /// Run the language server over stdio.
    Lsp,
    /// Score the checks on bundles with a gold file (recall, warning
    /// precision and trap hits per family, by the rules of
    /// shared/seeds-gold.md) and run the mutation benchmark on the clean
    /// ones.
    ///
    /// Exit code 0; 1 when --floors is given and a score is below its
    /// floor; 2 on a usage or I/O error.
    Eval {
        /// Bundle folders (each with a gold.json) or folders of them.
        /// Default: the sets of the manifest (--corpus).
        paths: Vec<PathBuf>,
        /// The corpus manifest read when no folder is given.
        #[arg(long, default_value = copydesk_cli::eval::DEFAULT_CORPUS)]
        corpus: PathBuf,
        /// Mutants per clean bundle, spread over figure, name, quote and title.
        #[arg(long, default_value_t = 40)]
        mutants: usize,
        /// Seed of the mutations.
        #[arg(long, default_value_t = 1)]
        seed: u64,
        /// Fail (exit 1) when a score is below the floors in this file.
        #[arg(long)]
        floors: Option<PathBuf>,
        /// Output format.
        #[arg(long, value_enum, default_value_t = Format::Human)]
        format: Format,
        /// List every missed item, false warning and missed mutant.
        #[arg(short, long)]
        verbose: bool,
    },
    /// Measure speed and memory on generated bundles (see BENCHMARKS.md).
    Bench {
        /// Bundle sizes for the full check, comma-separated.
        #[arg(long, value_delimiter = ',', default_values_t = [100, 1000, 10000])]
        sizes: Vec<usize>,
        /// Articles per story in the generated bundles.
        #[arg(long, default_value_t = 10)]
        per_story: usize,
        /// Bundle size for the LSP latencies (0 skips them).
        #[arg(long, default_value_t = 1000)]
        lsp_articles: usize,
        /// Open documents during the LSP latencies.
        #[arg(long, default_value_t = 50)]
        open: usize,
        /// Samples per LSP latency.
        #[arg(long, default_value_t = 200)]
        samples: usize,
        /// Seed of the generator.
        #[arg(long, default_value_t = 1)]
        seed: u64,
        /// Generate the bundles here instead of a temporary folder (kept).
        #[arg(long)]
        dir: Option<PathBuf>,
        /// Instead, time each phase of a check of the articles in this
        /// folder (in process, one thread) and print the table.
        #[arg(long, value_name = "DIR")]
        phases: Option<PathBuf>,
        /// Instead, check the inputs of issue #20 (name mentions, a run of
        /// capitalised words, a long one-line article, ticker moves, a long
        /// [terms] key) at 1x, 2x and 4x their size and print the growth.
        #[arg(long, conflicts_with = "phases")]
        growth: bool,
        /// With --growth: kill a run after this many seconds.
        #[arg(long, default_value_t = 300)]
        growth_limit: u64,
    },
}

fn init_tracing() {
    let filter = tracing_subscriber::EnvFilter::try_from_env("COPYDESK_LOG")
        .unwrap_or_else(|_| tracing_subscriber::EnvFilter::new("copydesk=info"));
    tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_writer(std::io::stderr)
        .with_ansi(false)
        .init();
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    match cli.command {
        Command::Check {
            paths,
            format,
            color,
            config,
            fix,
            select,
            ignore,
            min_severity,
            quiet,
            max_warnings,
            exit_zero,
            statistics,
            diff,
            stdin_filename,
            output,
        } => {
            let selection =
                match copydesk_cli::filter::Selection::new(select, ignore, min_severity, quiet) {
                    Ok(s) => s,
                    Err(e) => {
                        eprintln!("copydesk: error: {e}");
                        return ExitCode::from(2);
                    }
                };
            let options = copydesk_cli::CheckOptions {
                selection,
                exit: copydesk_cli::filter::ExitPolicy {
                    max_warnings,
                    exit_zero,
                },
                statistics,
                diff,
                stdin_name: stdin_filename,
                output,
            };
            let code = copydesk_cli::check(&paths, format, color, config.as_deref(), fix, &options);
            ExitCode::from(code as u8)
        }
        Command::Rules => {
            print!("{}", copydesk_cli::rules());
            ExitCode::SUCCESS
        }
        Command::Explain { rule } => match copydesk_cli::explain(&rule) {
            Ok(text) => {
                print!("{text}");
                ExitCode::SUCCESS
            }
            Err(e) => {
                eprintln!("copydesk: error: {e}");
                ExitCode::from(2)
            }
        },
        Command::Entities {
            paths,
            format,
            config,
        } => {
            let code = copydesk_cli::entities(&paths, format, config.as_deref());
            ExitCode::from(code as u8)
        }
        Command::Claims {
            paths,
            format,
            config,
            all,
        } => {
            let code = copydesk_cli::claims(&paths, format, config.as_deref(), all);
            ExitCode::from(code as u8)
        }
        Command::Bench {
            sizes,
            per_story,
            lsp_articles,
            open,
            samples,
            seed,
            dir,
            phases,
            growth,
            growth_limit,
        } => {
            let report = match phases {
                Some(folder) => copydesk_bench::phases::run(&folder),
                None if growth => copydesk_bench::growth(
                    dir.as_deref(),
                    std::time::Duration::from_secs(growth_limit),
                ),
                None => copydesk_bench::run(&copydesk_bench::Options {
                    sizes,
                    per_story,
                    lsp_articles,
                    open,
                    samples,
                    seed,
                    dir,
                }),
            };
            match report {
                Ok(report) => {
                    print!("{report}");
                    ExitCode::SUCCESS
                }
                Err(e) => {
                    eprintln!("copydesk: error: {e}");
                    ExitCode::from(2)
                }
            }
        }
        Command::Eval {
            paths,
            corpus,
            mutants,
            seed,
            floors,
            format,
            verbose,
        } => {
            let options = copydesk_cli::eval::Options {
                paths,
                corpus: Some(corpus),
                mutants,
                seed,
            };
            ExitCode::from(copydesk_cli::eval(&options, floors.as_deref(), format, verbose) as u8)
        }
        Command::Lsp => {
            init_tracing();
            match tokio::runtime::Builder::new_multi_thread()
                .enable_all()
                .build()
            {
                Ok(rt) => {
                    let shut_down = rt.block_on(copydesk_lsp::run_stdio());
                    // The stdin reader is a blocking thread that never
                    // returns by itself; do not wait for it.
                    rt.shutdown_background();
                    // LSP: exit without a shutdown request before it is 1.
                    if shut_down {
                        ExitCode::SUCCESS
                    } else {
                        ExitCode::from(1)
                    }
                }
                Err(e) => {
                    eprintln!("copydesk: error: cannot start the async runtime: {e}");
                    ExitCode::from(2)
                }
            }
        }
    }
}
