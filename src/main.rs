//! The `salvaguarda` command: parse the arguments, run the command, map the outcome to an exit
//! code (0 success, 1 a gate the user asked for failed, 2 bad input or usage).

use std::process::ExitCode;

mod cli;

fn main() -> ExitCode {
    let args = cli::parse();
    ExitCode::from(cli::run(args))
}
