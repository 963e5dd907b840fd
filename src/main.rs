use clap::Parser;

#[tokio::main]
async fn main() -> std::process::ExitCode {
    let cli = steward::config::Cli::parse();
    steward::cli::init_tracing();
    match steward::cli::run(cli).await {
        Ok(()) => std::process::ExitCode::SUCCESS,
        Err(e)
            if e.is::<steward::discovery::cli::IncompleteScan>()
                || e.is::<steward::dsar::cli::IncompleteExport>() =>
        {
            // The report is out; the status says it does not cover everything.
            eprintln!("error: {e}");
            std::process::ExitCode::from(2)
        }
        Err(e) => {
            // Service errors say what to fix; show the chain, never a backtrace.
            eprintln!("error: {}", steward::cli::describe(&e));
            std::process::ExitCode::FAILURE
        }
    }
}
