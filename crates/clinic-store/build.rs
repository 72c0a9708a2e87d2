// The migrations are embedded by refinery's macro: rebuild when any of them changes.
fn main() {
    println!("cargo:rerun-if-changed=../../migrations");
}
