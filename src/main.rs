fn main() -> std::process::ExitCode {
    bryggan::cli::run()
}
