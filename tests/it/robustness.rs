//! Hostile input never panics, and runs are deterministic.

#[test]
fn scratch_prefix_runs_nested() {
    let mut s = String::from("1");
    for _ in 0..64 {
        s = format!("({}{s})", "-".repeat(255));
    }
    let r = flowsim::expr::parse(&s);
    println!("{:?}", r.as_ref().map(|_| ()).map_err(|e| e.kind));
}

#[test]
fn scratch_roundtrip() {
    for t in ["0.0000001", "12345678901234567890.5", "1+1+1"] {
        let e = flowsim::expr::parse(t).unwrap();
        println!("{e} {:?}", flowsim::expr::parse(&e.to_string()).map(|x| x.to_sexpr()));
    }
}
