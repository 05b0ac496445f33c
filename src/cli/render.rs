//! Rendering for people: diagnostics with carets, and the text trace of a run.
//!
//! Plain text, no colour, so output is the same on a terminal, in CI logs and in snapshots. The
//! run trace is written to an `io::Write` as it is rendered, never held whole.

use flowsim::diag::Diagnostic;
use flowsim::engine::result::segments::{self, Segments, Taken};
use flowsim::engine::result::{
    OutputBudget, PerNode, StepResult, MAX_CONTAINER_OUTPUT, MAX_RESULT_VALUES_OUTPUT,
};
use flowsim::engine::{Edge, RunResult};
use flowsim::expr::Value;
use flowsim::flow::catalogue::{EndWords, Record};
use flowsim::flow::model::EndType;
use flowsim::util::Cut;
use std::fmt::Write as _;
use std::io;

pub use flowsim::diag::text::diagnostic;

/// Every diagnostic, then a summary line.
pub fn diagnostics(diags: &[Diagnostic]) -> String {
    let mut out = listed(diags);
    // A blank line before the count, as between two diagnostics (`listed` leaves one before
    // the line counting those not shown).
    if !diags.is_empty() && flowsim::diag::shown(diags).1 == 0 {
        out.push('\n');
    }
    let errors = diags.iter().filter(|d| d.is_error()).count();
    let warnings = diags.len() - errors;
    let _ = writeln!(out, "{errors} error(s), {warnings} warning(s)");
    out
}

/// Each diagnostic (the first [`flowsim::diag::MAX_DIAGNOSTICS`] of them) with the line its
/// place names and a caret where the file reads, a blank line between two; a refusal's form.
pub fn listed(diags: &[Diagnostic]) -> String {
    let mut out = String::new();
    let (shown, more) = flowsim::diag::shown(diags);
    let mut sources = super::source::Sources::default();
    for (i, d) in shown.iter().enumerate() {
        if i > 0 {
            out.push('\n');
        }
        match sources.attach(d) {
            Some(with_line) => out.push_str(&diagnostic(&with_line)),
            None => out.push_str(&diagnostic(d)),
        }
    }
    if more > 0 {
        let _ = writeln!(out, "\n... and {more} more diagnostic(s) not shown");
    }
    out
}

thread_local! {
    /// What the values of the run being rendered may still take, by the rules of the JSON
    /// result's budget: reset by [`write_run_text`], and for each segment of a long trace.
    static TEXT_BUDGET: OutputBudget =
        const { OutputBudget::with_left(MAX_RESULT_VALUES_OUTPUT) };
}

/// Whether a value or text of `size` bytes may be written in full (and charges it).
fn admitted(size: usize) -> bool {
    TEXT_BUDGET.with(|b| b.admit_size(size).is_ok())
}

/// `text` quoted, or the `valueIsTooLarge` marker.
fn write_text(out: &mut String, text: &str) {
    if admitted(text.len() + 2) {
        out.reserve(text.len() + 2);
        out.push('"');
        if plain(text.as_bytes()) {
            out.push_str(text);
        } else {
            write_escaped(out, text);
        }
        out.push('"');
    } else {
        flowsim::expr::value::write_too_large(text.len() + 2, out);
    }
}

/// Whether `b` is written as it is between quotes: printable ASCII other than `"` and `\`.
const fn plain_byte(b: u8) -> bool {
    b >= 0x20 && b < 0x7f && b != b'"' && b != b'\\'
}

/// Whether every byte of `text` is [`plain_byte`], eight bytes at a time: a trace's strings are
/// short, too short for the compiler's vector loop, which leaves them to a byte at a time.
fn plain(text: &[u8]) -> bool {
    const ONES: u64 = u64::from_ne_bytes([1; 8]);
    const HIGH: u64 = u64::from_ne_bytes([0x80; 8]);
    /// The top bit of each byte of `w` that is not plain (and perhaps of a byte above one
    /// that is not: a borrow or a carry runs on, which leaves "any" exact).
    fn not_plain(w: u64) -> u64 {
        let below_space = w.wrapping_sub(ONES * 0x20) & !w;
        let from_del = w | w.wrapping_add(ONES);
        let quote = w ^ (ONES * u64::from(b'"'));
        let backslash = w ^ (ONES * u64::from(b'\\'));
        let quote = quote.wrapping_sub(ONES) & !quote;
        let backslash = backslash.wrapping_sub(ONES) & !backslash;
        (below_space | from_del | quote | backslash) & HIGH
    }
    let word = |b: &[u8]| u64::from_ne_bytes(b.try_into().expect("eight bytes"));
    if text.len() < 8 {
        return text.iter().all(|&b| plain_byte(b));
    }
    let words = text.chunks_exact(8);
    // The last eight bytes, overlapping the last whole word: the bytes the words leave.
    let last = word(&text[text.len() - 8..]);
    words.fold(not_plain(last), |n, w| n | not_plain(word(w))) == 0
}

/// `text` escaped as `{text:?}` writes it between its quotes: runs of plain bytes copied, each
/// other character as `char::escape_debug` spells it (which for these characters is what
/// `str`'s `Debug` writes; a `'` is plain, so never reaches it).
fn write_escaped(out: &mut String, text: &str) {
    let mut rest = text;
    while let Some(i) = rest.bytes().position(|b| !plain_byte(b)) {
        out.push_str(rest.cut(..i));
        let mut chars = rest.cut(i..).chars();
        if let Some(c) = chars.next() {
            out.extend(c.escape_debug());
        }
        rest = chars.as_str();
    }
    out.push_str(rest);
}

/// `v` as the trace shows it: strings quoted, NOT_SET spelled out, anything else its display text;
/// a value too large to write is the `valueIsTooLarge` marker.
fn write_quoted(out: &mut String, v: &Value) {
    match v {
        Value::Str(s) => write_text(out, s),
        // The usual values, without `write_display`'s sizes: a number's few bytes are always
        // written.
        Value::Int(i) => out.push_str(itoa::Buffer::new().format(*i)),
        Value::Dec(d) => flowsim::expr::value::write_decimal(*d, out),
        Value::NotSet => out.push_str("NOT_SET"),
        other => write_display(out, other),
    }
}

/// `v`'s display text, or the `valueIsTooLarge` marker.
fn write_display(out: &mut String, v: &Value) {
    let size = match v {
        Value::Phone(p) => p.uri.len(),
        Value::List(_) | Value::Object(_) => v.json_size(),
        // A scalar's few bytes are always written (`admitted(0)`).
        _ => return v.write_display(out),
    };
    let container = matches!(v, Value::List(_) | Value::Object(_));
    if !(container && size > MAX_CONTAINER_OUTPUT) && admitted(size) {
        v.write_display(out);
    } else {
        flowsim::expr::value::write_too_large(size, out);
    }
}

/// The text trace: one line per step, indented by call depth, then the run's outcome.
///
/// Streams into `out`: a million-step trace is never held as text. Step lines are made a stretch
/// at a time into reused buffers (`segments`: a long trace on two threads), the rest gathered in
/// one buffer and handed over in chunks ([`Chunks`]); nothing is held whole or written a line at
/// a time.
pub fn write_run_text(out: &mut impl io::Write, r: &RunResult<'_>) -> io::Result<()> {
    let mut text = Chunks::new(out);
    let top = r.registry.flow(r.flow);
    let version = if r.version == flowsim::flow::Version::Draft { "draft" } else { "published" };
    let _ = writeln!(text.buf, "run {} ({version})", top.name);
    text.out.write_all(text.buf.as_bytes())?;
    text.buf.clear();
    // A long trace is made on two threads (`segments`); the rest goes on with what its values
    // left of the budget.
    let left = segments::write_in_order(&TraceLines { r }, r.trace.len(), text.out)?;
    TEXT_BUDGET.with(|b| b.reset(left));
    let buf = &mut text.buf;
    buf.push('\n');
    let _ = writeln!(
        buf,
        "status     {} ({} step{}, {} ms virtual time)",
        r.status.as_str(),
        r.trace.len(),
        if r.trace.len() == 1 { "" } else { "s" },
        r.elapsed_ms
    );
    if let Some(e) = &r.error {
        let node = r.node(e.flow, e.node);
        let _ = writeln!(
            buf,
            "error      {} at {}/{}: {}",
            e.kind,
            r.flow_name(e.flow),
            node.id,
            e.message
        );
    }
    let _ = match &r.route {
        Some(route) if route.kind.is_empty() || route.kind == "acd" => {
            writeln!(buf, "route      {} ({})", route.queue_name, route.queue_id)
        }
        Some(route) => writeln!(buf, "route      {} {}", route.kind, route.target),
        None => writeln!(buf, "route      none"),
    };
    // A prompt a Say of a long run, a line each: gathered as the steps are.
    if r.prompts.is_empty() {
        text.buf.push_str("prompts    none\n");
    }
    for (i, p) in r.prompts.iter().enumerate() {
        text.buf.push_str(if i == 0 { "prompts    " } else { "           " });
        write_text(&mut text.buf, &p.text);
        text.buf.push('\n');
        text.line_done()?;
    }
    let buf = &mut text.buf;
    if r.variables.is_empty() {
        buf.push_str("variables  none\n");
    }
    for (i, (k, v)) in r.variables.iter().enumerate() {
        buf.push_str(if i == 0 { "variables  " } else { "           " });
        buf.push_str(k);
        buf.push_str(" = ");
        write_quoted(buf, v);
        buf.push('\n');
    }
    write_arch_result(buf, r);
    for (i, w) in r.warnings.iter().enumerate() {
        let label = if i == 0 { "warnings" } else { "" };
        let node = r.node(w.flow, w.node);
        let _ = writeln!(
            buf,
            "{label:<10} {} at {}/{}: {}",
            w.kind,
            r.flow_name(w.flow),
            node.id,
            w.message
        );
    }
    text.finish()
}

/// What an Architect flow's run adds: outputs, participant data, the exit reason, a survey's
/// outcome, outcomes, milestones and settings (each only when there is something to show; the
/// workitem is among the variables, as `Workitem.Workitem`).
fn write_arch_result(out: &mut String, r: &RunResult<'_>) {
    if r.registry.flow(r.flow).format == flowsim::flow::model::Format::Json {
        return;
    }
    let a = &r.arch;
    values(out, "outputs", &a.outputs);
    for (i, (k, v)) in a.participant_data.iter().enumerate() {
        label(out, i, "data");
        let _ = writeln!(out, "{k} = {v:?}");
    }
    if let Some(reason) = &a.exit_reason {
        out.push_str("exit       ");
        write_quoted(out, reason);
        out.push('\n');
    }
    if let Some(outcome) = a.survey {
        let _ = writeln!(out, "survey     {outcome}");
    }
    values(out, "outcomes", &a.outcomes);
    for (i, m) in a.milestones.iter().enumerate() {
        label(out, i, "milestones");
        let _ = writeln!(out, "{m}");
    }
    values(out, "settings", &a.settings);
    if let Some(intent) = &a.intent {
        let _ = writeln!(out, "intent     {intent}");
    }
    values(out, "slots", &a.slots);
    write_transcript(out, r);
}

/// The conversation, when customers spoke: bot and customer lines in order, each turn with
/// what the bot's NLU made of it.
fn write_transcript(out: &mut String, r: &RunResult<'_>) {
    let turns = &r.arch.transcript;
    let mut line = 0usize;
    let bot = |out: &mut String, p: &flowsim::engine::result::Prompt, line: &mut usize| {
        label(out, *line, "transcript");
        out.push_str("bot      ");
        write_text(out, &p.text);
        out.push('\n');
        *line += 1;
    };
    let mut next = 0usize;
    for t in turns {
        while next < (t.at as usize).min(r.prompts.len()) {
            bot(out, &r.prompts[next], &mut line);
            next += 1;
        }
        label(out, line, "transcript");
        line += 1;
        out.push_str("customer ");
        match t.kind {
            "intent" => {
                let _ = write!(out, "[intent {}]", t.text);
            }
            "knowledge" => {
                out.push_str("[knowledge ");
                write_text(out, &t.text);
                out.push(']');
            }
            "noInput" | "noMatch" => {
                let _ = write!(out, "[{}]", t.kind);
            }
            _ => write_text(out, &t.text),
        }
        if t.kind != "intent" && t.kind != "knowledge" {
            if let (Some(c), intent) = (t.confidence, &t.intent) {
                let _ = write!(out, "  → {} ({c:.2})", intent.as_deref().unwrap_or("no intent"));
            }
        }
        out.push('\n');
    }
    if turns.is_empty() {
        return;
    }
    for p in &r.prompts[next.min(r.prompts.len())..] {
        bot(out, p, &mut line);
    }
}

/// A summary section of named values, `name = value` a line.
fn values<K: std::fmt::Display>(out: &mut String, title: &str, items: &[(K, Value)]) {
    for (i, (k, v)) in items.iter().enumerate() {
        label(out, i, title);
        let _ = write!(out, "{k} = ");
        write_quoted(out, v);
        out.push('\n');
    }
}

/// The label of a summary section's line `i`: its title on the first, a blank of the same
/// width on the others.
fn label(out: &mut String, i: usize, title: &str) {
    let _ = write!(out, "{:<10} ", if i == 0 { title } else { "" });
}

/// Text gathered in one buffer and handed to a writer in chunks of about [`CHUNK`] bytes.
struct Chunks<'w, W: io::Write> {
    out: &'w mut W,
    buf: String,
}

impl<'w, W: io::Write> Chunks<'w, W> {
    fn new(out: &'w mut W) -> Self {
        Chunks { out, buf: String::with_capacity(CHUNK + CHUNK / 4) }
    }

    /// Hands the buffer over once it holds a chunk; called after a whole line.
    fn line_done(&mut self) -> io::Result<()> {
        if self.buf.len() >= CHUNK {
            self.out.write_all(self.buf.as_bytes())?;
            self.buf.clear();
        }
        Ok(())
    }

    fn finish(self) -> io::Result<()> {
        self.out.write_all(self.buf.as_bytes())
    }
}

/// The trace's step lines, by segments.
struct TraceLines<'a, 'r> {
    r: &'a RunResult<'r>,
}

impl Segments for TraceLines<'_, '_> {
    type Cache = StepLines;
    type Text = String;

    fn cache(&self) -> StepLines {
        StepLines::new(self.r.trace.len())
    }

    fn write(
        &self,
        lines: &mut StepLines,
        steps: std::ops::Range<usize>,
        left: usize,
        out: &mut String,
    ) -> io::Result<Taken> {
        TEXT_BUDGET.with(|b| b.reset(left));
        for i in steps {
            lines.next_line(out, self.r, &self.r.trace[i], i + 1);
        }
        Ok(TEXT_BUDGET.with(Taken::of))
    }
}

/// The bytes the text trace gathers before handing them to its writer.
const CHUNK: usize = 64 * 1024;

/// What writes a run's step lines in order: each node's head made once, and the step numbers
/// counted up in place.
pub(super) struct StepLines {
    heads: Heads,
    numbers: StepNumbers,
}

impl StepLines {
    /// Lines for a trace of `steps` steps, numbered to the width of the last.
    pub(super) fn new(steps: usize) -> StepLines {
        let width = itoa::Buffer::new().format(steps).len().max(2);
        StepLines { heads: Heads::default(), numbers: StepNumbers::new(width) }
    }

    /// Step number `n`'s line and its newline, appended to `out`, trailing spaces trimmed.
    /// Steps are written in order; `n` is the step's number, one more than the last's.
    pub(super) fn next_line(
        &mut self,
        out: &mut String,
        r: &RunResult<'_>,
        step: &flowsim::engine::Step,
        n: usize,
    ) {
        let start = out.len();
        out.push_str(self.numbers.number(n));
        write_step_line(out, &mut self.heads, r, step, n);
        // Only a name or a message of the flow's own ends a line in whitespace: the last byte
        // tells whether there is anything to trim.
        if out.as_bytes().last().is_some_and(|&b| b <= b' ' || !b.is_ascii()) {
            let kept = out.cut(start..).trim_end().len();
            out.truncate(start + kept);
        }
        out.push('\n');
    }
}

/// Step numbers right-aligned to a width, counted up in place: formatting a number afresh
/// costs as much as the rest of a short line.
struct StepNumbers {
    /// The number, padded with spaces before it to the width.
    text: String,
    width: usize,
    /// The number `text` holds.
    value: usize,
}

impl StepNumbers {
    fn new(width: usize) -> StepNumbers {
        StepNumbers { text: String::new(), width, value: 0 }
    }

    /// `n`, padded to the width: when it follows the last number, only its changed digits
    /// are written.
    fn number(&mut self, n: usize) -> &str {
        // Nine times in ten only the last digit changes.
        if n == self.value + 1 && self.value > 0 {
            if let Some(last @ b'0'..=b'8') = self.text.as_bytes().last().copied() {
                self.text.pop();
                self.text.push(char::from(last + 1));
                self.value = n;
                return &self.text;
            }
        }
        let nines = self.text.bytes().rev().take_while(|&c| c == b'9').count();
        let last = self.text.len().wrapping_sub(nines + 1);
        match self.text.as_bytes().get(last) {
            Some(&digit) if n == self.value + 1 && self.value > 0 && digit.is_ascii_digit() => {
                self.text.truncate(last);
                self.text.push(char::from(digit + 1));
                for _ in 0..nines {
                    self.text.push('0');
                }
            }
            _ => {
                let mut digits = itoa::Buffer::new();
                let digits = digits.format(n);
                self.text.clear();
                self.text.extend(std::iter::repeat_n(' ', self.width.saturating_sub(digits.len())));
                self.text.push_str(digits);
            }
        }
        self.value = n;
        &self.text
    }
}

/// What a step line repeats at every visit of its node, made once per node for a run: the
/// indent and the head (`  Welcome [Say] `, `  Main Menu › Ask [collectInput] #3`), a JSON Set
/// node's variable names, which are otherwise read again from the node's action on every step,
/// and the branch each way out names (` takes default → Tick`).
#[derive(Default)]
struct Heads(PerNode<Head>);

struct Head {
    /// The indent of the call depth `depth` (two spaces after the number, two more a level),
    /// then the head.
    text: String,
    depth: u16,
    /// An Architect action's step (a node in a container), written by [`write_action_line`].
    action: bool,
    /// What a JSON node's step that ends the flow says (`ends the flow`), or nothing.
    ends: &'static str,
    /// How its steps' results read (its entry's `Facts::record`).
    record: Record,
    /// An assigning node's variables as its line writes them: `Flow.a = `, `, Flow.b = `.
    set_keys: Vec<Box<str>>,
    /// Each branch taken so far.
    takes: Vec<Take>,
    /// The node's index in its graph.
    node: u32,
}

/// A branch of a node's steps: the way out `edge`, to node `next`.
struct Take {
    edge: Edge,
    next: u32,
    /// ` takes <edge> → <next>`.
    text: Box<str>,
    /// The whole line of a step that says nothing else (a JSON `If`'s): the head, then `text`;
    /// made when first written, empty until then.
    line: String,
}

impl Heads {
    fn get(&mut self, r: &RunResult<'_>, flow: u32, node: u32) -> &mut Head {
        self.0.get_or_make(flow, node, || Head::new(r, flow, node))
    }
}

impl Head {
    fn new(r: &RunResult<'_>, flow: u32, node: u32) -> Head {
        let n = r.node(flow, node);
        let mut text = String::from("  ");
        if n.container == flowsim::flow::model::NO_CONTAINER {
            text.push_str(&n.id);
            text.push_str(" [");
            text.push_str(n.action.type_name());
            text.push_str("] ");
        } else {
            if let Some(c) = r.registry.flow(flow).arch.containers.get(n.container as usize) {
                text.push_str(&c.name);
                text.push_str(" › ");
            }
            text.push_str(&n.name);
            text.push_str(" [");
            text.push_str(n.action.type_name());
            text.push(']');
            if let Some(t) = n.tracking_id {
                let _ = write!(text, " #{t}");
            }
        }
        let set_keys = match n.action.spec().facts.assigns {
            Some(assigns) => assigns(&n.action)
                .into_iter()
                .enumerate()
                .map(|(i, (var, _))| {
                    format!("{}{} = ", if i == 0 { "" } else { ", " }, var.name).into()
                })
                .collect(),
            _ => Vec::new(),
        };
        let action = n.container != flowsim::flow::model::NO_CONTAINER;
        Head {
            text,
            depth: 0,
            action,
            ends: ends_text(n),
            record: n.action.spec().facts.record,
            set_keys,
            takes: Vec::new(),
            node,
        }
    }

    /// The branch `edge` of this node's step, to `next`: its index in `takes`.
    fn take(&mut self, r: &RunResult<'_>, flow: u32, edge: Edge, next: u32) -> usize {
        match self.takes.iter().position(|t| t.next == next && t.edge == edge) {
            Some(i) => i,
            None => self.add_take(r, flow, edge, next),
        }
    }

    #[cold]
    fn add_take(&mut self, r: &RunResult<'_>, flow: u32, edge: Edge, next: u32) -> usize {
        let mut text = String::from(" takes ");
        text.push_str(&flowsim::flow::edge::trace_label(r.node(flow, self.node), edge));
        text.push_str(" → ");
        text.push_str(&r.node(flow, next).id);
        self.takes.push(Take { edge, next, text: text.into(), line: String::new() });
        self.takes.len() - 1
    }

    /// The line of a step that only branches (` takes condition[2] → Fizz` after the head),
    /// without the space the head leaves for what a step says.
    fn branch_line(&mut self, r: &RunResult<'_>, flow: u32, edge: Edge, next: u32) -> &str {
        let i = self.take(r, flow, edge, next);
        let take = &mut self.takes[i];
        if take.line.is_empty() {
            take.line.push_str(self.text.strip_suffix(' ').unwrap_or(&self.text));
            take.line.push_str(&take.text);
        }
        &take.line
    }
}

/// What the step of JSON node `n` says when it ends the flow: its end, or nothing.
fn ends_text(n: &flowsim::flow::Node) -> &'static str {
    // The other node types go on; one that ends the run names no end of its own.
    let Some(ends_as) = n.action.spec().facts.ends_as else { return "" };
    match ends_as(&n.action) {
        EndType::Disconnect => "disconnects",
        EndType::Error => "ends the flow with an error",
        EndType::Normal => "ends the flow",
    }
}

/// Whether a step's line says which way it took (` takes condition[2] → Fizz`): a way of
/// its entry's own that is neither going on nor its error path (a JSON `If`'s condition or
/// default, a timeout path).
fn takes(r: &RunResult<'_>, step: &flowsim::engine::Step) -> bool {
    use flowsim::flow::edge::{path_of, Path};
    let Edge::Output(_) = step.edge else { return false };
    let node = r.node(step.flow, step.node);
    node.action.spec().facts.paths.is_some()
        && !matches!(path_of(node, step.edge), Some(Path::On | Path::Error))
}

/// Step number `n`'s line after its number, untrimmed and without its newline, appended to
/// `line`.
fn write_step_line(
    line: &mut String,
    heads: &mut Heads,
    r: &RunResult<'_>,
    step: &flowsim::engine::Step,
    n: usize,
) {
    let head = heads.get(r, step.flow, step.node);
    if head.depth != step.depth {
        // A node is mostly visited at one depth: its indent changes rarely.
        let indent = |depth: u16| 2 + 2 * usize::from(depth);
        let name = head.text.split_off(indent(head.depth));
        head.text.clear();
        head.text.extend(std::iter::repeat_n(' ', indent(step.depth)));
        head.text.push_str(&name);
        head.depth = step.depth;
        for take in &mut head.takes {
            take.line.clear();
        }
    }
    let takes = takes(r, step);
    if let (true, Some(next)) = (takes, step.next()) {
        if !head.action && matches!(step.result, StepResult::None) && !step.has_error() {
            // Nothing but the branch (a JSON `If`): the whole line is made once.
            line.push_str(head.branch_line(r, step.flow, step.edge, next));
            return;
        }
    }
    line.push_str(&head.text);
    if head.action {
        write_action_line(line, r, step, n - 1);
    } else {
        let before_detail = line.len();
        write_step_detail(line, r, head, step);
        if line.len() == before_detail {
            line.pop();
        }
    }
    if let (true, Some(next)) = (takes, step.next()) {
        let i = head.take(r, step.flow, step.edge, next);
        line.push_str(&head.takes[i].text);
    }
    if let Some(e) = step.has_error().then(|| r.step_error(step)).flatten() {
        let _ = write!(line, "  ✗ {}: {}", e.kind, e.message);
        match step.next() {
            Some(next)
                if flowsim::flow::edge::is_error(r.node(step.flow, step.node), step.edge) =>
            {
                let _ = write!(line, " → error path {}", r.node(step.flow, next).id);
            }
            Some(_) => {}
            // An Architect flow's errors go to its error handling (the steps after say what it
            // did); a JSON flow's node with no error path ends the run.
            None if step.edge == Edge::Error
                && r.registry.flow(step.flow).format == flowsim::flow::model::Format::Json =>
            {
                line.push_str(" (no error path: the flow ends with this error)");
            }
            None => {}
        }
    }
}

/// After its head (`Main Menu › Check hours [decision]`), an Architect action's way out as the
/// designer shows it (` → yes`), then what it did.
fn write_action_line(
    line: &mut String,
    r: &RunResult<'_>,
    step: &flowsim::engine::Step,
    index: usize,
) {
    let node = r.node(step.flow, step.node);
    let flow = r.registry.flow(step.flow);
    match step.edge {
        Edge::Output(i) => {
            if let Some(exit) = node.exits.get(usize::from(i)) {
                let _ = write!(line, " → {}", exit.name);
            }
        }
        Edge::End if node.action.spec().facts.end_words == EndWords::Returns => {
            line.push_str(" → returns");
        }
        // An ask whose bot gave up and disconnects the interaction (its recognition failure
        // handling) ends the run; otherwise the bot flow exits.
        Edge::End
            if node.action.spec().facts.end_words == EndWords::ExitsBot
                && !(index + 1 == r.trace.len()
                    && r.status == flowsim::engine::Status::Disconnected) =>
        {
            line.push_str(" → exits the bot flow");
        }
        // An in-queue flow's end while the customer still waits: it starts over (its looping
        // task, or its periodic state).
        Edge::End
            if step.depth == 0
                && index + 1 < r.trace.len()
                && flowsim::flow::model::is_in_queue(&flow.flow_type) =>
        {
            line.push_str(" → starts over");
        }
        Edge::End => match r.status {
            flowsim::engine::Status::Transferred => line.push_str(" → transfers"),
            flowsim::engine::Status::Disconnected => line.push_str(" → disconnects"),
            _ => line.push_str(" → ends"),
        },
        _ => {}
    }
    if let StepResult::Action { start, len, prompt, stub } = &step.result {
        if *stub > 0 {
            let _ = write!(line, "  (stubbed, visit {stub})");
        }
        if let Some(p) = r.prompts.get(*prompt as usize) {
            line.push_str("  says ");
            write_text(line, &p.text);
        }
        for input in r.inputs_of(index) {
            line.push_str("  ");
            write_input(line, input);
        }
        let (start, len) = (*start as usize, *len as usize);
        for (i, (k, v)) in r.writes[start..start + len].iter().enumerate() {
            line.push_str(if i == 0 { "  " } else { ", " });
            line.push_str(k);
            line.push_str(" = ");
            write_quoted(line, v);
        }
    }
}

/// What an input-reading step heard: `pressed 7 (no such choice)`, `no input (timeout)`.
fn write_input(line: &mut String, input: &flowsim::engine::result::StepInput) {
    use flowsim::engine::result::Heard;
    match (input.heard, &input.digits) {
        (Heard::Text, Some(d)) => {
            line.push_str("hears ");
            write_text(line, d);
            return;
        }
        (Heard::Intent, Some(d)) => {
            let _ = write!(line, "hears [intent {d}]");
            return;
        }
        (Heard::NoMatch, _) => {
            line.push_str("hears [noMatch]");
            return;
        }
        (Heard::Knowledge, Some(d)) => {
            line.push_str("hears [knowledge ");
            write_text(line, d);
            line.push(']');
            return;
        }
        (_, Some(d)) => {
            line.push_str("pressed ");
            // Keys as they are (`pressed 12#`); anything else typed where keys are read, quoted.
            let keys =
                !d.is_empty() && d.bytes().all(|c| c.is_ascii_digit() || c == b'*' || c == b'#');
            if keys && admitted(d.len()) {
                line.push_str(d);
            } else {
                write_text(line, d);
            }
        }
        (_, None) => line.push_str("no input"),
    }
    let note = match input.heard {
        Heard::Choice
        | Heard::Accepted
        | Heard::Text
        | Heard::Intent
        | Heard::NoMatch
        | Heard::Knowledge => "",
        Heard::NoChoice => " (no such choice)",
        Heard::Rejected => " (not accepted)",
        Heard::Timeout => " (timeout)",
    };
    line.push_str(note);
    if input.digits.is_some() && input.entry == flowsim::engine::result::NO_INDEX {
        line.push_str(" (typed ahead)");
    }
}

/// What the step did (`says "..."`, `Flow.x = 3`, `calls B → completed`), appended to `out`;
/// nothing for steps with nothing to say.
fn write_step_detail(
    out: &mut String,
    r: &RunResult<'_>,
    head: &Head,
    step: &flowsim::engine::Step,
) {
    let StepResult::Action { .. } = step.result else {
        if step.edge == Edge::End {
            out.push_str(head.ends);
        }
        return;
    };
    let stores = r.stores();
    let value = |name: &str| stores.written_value(step, name).unwrap_or(&Value::NotSet);
    match head.record {
        Record::Action => {
            if step.edge == Edge::End {
                out.push_str(head.ends);
            }
        }
        Record::Says => {
            if let Some(p) = stores.played(step) {
                out.push_str("says ");
                write_text(out, &p.text);
            }
        }
        // A step that failed before it had its values says nothing.
        Record::Gathers | Record::Routes | Record::Finds | Record::Figures | Record::Answers
            if stores.written(step).is_empty() => {}
        Record::Gathers => {
            if let Some(p) = stores.played(step) {
                out.push_str("prompts ");
                write_text(out, &p.text);
                out.push_str(", ");
            }
            let digits = value("digits");
            if digits.is_set() {
                out.push_str("gets ");
                write_quoted(out, digits);
            } else {
                out.push_str("gets no input");
            }
        }
        Record::Assigns => {
            for (key, (_, v)) in head.set_keys.iter().zip(stores.written(step)) {
                out.push_str(key);
                write_quoted(out, v);
            }
        }
        Record::Calls => {
            out.push_str("calls ");
            match stores.written_value(step, "flowName") {
                Some(name) => write_display(out, name),
                None => out.push('?'),
            }
            if let Some(outcome) = stores.written_value(step, "outcome").filter(|v| v.is_set()) {
                out.push_str(" → ");
                write_display(out, outcome);
            }
        }
        Record::Routes => {
            out.push_str("routes to ");
            write_display(out, value("queueName"));
            out.push_str(" (");
            write_display(out, value("queueId"));
            out.push(')');
        }
        Record::Finds => {
            let contact = value("contact");
            if contact.is_set() {
                out.push_str("finds ");
                write_display(out, &contact.member("name"));
                out.push_str(" (");
                write_display(out, &contact.member("id"));
                out.push(')');
                if let Value::Int(count @ 2..) = value("matchCount") {
                    let _ = write!(out, ", first of {count}");
                }
            } else {
                out.push_str("finds no contact");
            }
        }
        Record::Figures => {
            let _ = write!(
                out,
                "availableAgents {}, onQueueAgents {}, waiting {}, occupancy ",
                value("availableAgents").display(),
                value("onQueueAgents").display(),
                value("waiting").display()
            );
            value("occupancy").write_display(out);
        }
        Record::Answers => match value("status") {
            Value::Str(status) if &**status == "success" => {
                out.push_str("success, outputs ");
                write_display(out, value("outputs"));
            }
            status => write_display(out, status),
        },
    }
}

/// `text` with every line prefixed by `by`.
pub fn indent(text: &str, by: &str) -> String {
    let mut out = String::new();
    for l in text.lines() {
        let _ = writeln!(out, "{by}{l}");
    }
    out
}

#[cfg(test)]
mod tests {
    use super::{plain, plain_byte, write_escaped};

    /// `{:?}` of `text` without its quotes: what a trace's string has always looked like.
    fn debug(text: &str) -> String {
        let quoted = format!("{text:?}");
        quoted[1..quoted.len() - 1].to_owned()
    }

    fn escaped(text: &str) -> String {
        let mut out = String::new();
        write_escaped(&mut out, text);
        out
    }

    #[test]
    fn every_character_is_escaped_as_debug_escapes_it() {
        // Alone, after a letter (a combining mark is escaped there too) and between runs.
        for c in (0..=0x10_ffff).filter_map(char::from_u32) {
            for text in [format!("{c}"), format!("a{c}"), format!("ab{c}cd{c}")] {
                assert_eq!(escaped(&text), debug(&text), "{c:?}");
            }
        }
    }

    #[test]
    fn plain_text_is_told_apart_at_any_length_and_position() {
        for len in 1..=24 {
            for at in 0..len {
                for b in 0..=255u8 {
                    let mut text = vec![b'x'; len];
                    text[at] = b;
                    assert_eq!(plain(&text), plain_byte(b), "{b:#x} at {at} of {len}");
                }
            }
        }
        assert!(plain(b""));
    }

    /// A long trace's lines are made on two threads (`segments`): the same text as on one,
    /// with values the budget weighs in every segment, and the same budget left after them.
    #[test]
    fn a_long_trace_has_the_same_lines_on_one_thread_and_on_two() {
        use flowsim::engine::result::segments::{self, SEGMENT};
        use flowsim::engine::result::MAX_RESULT_VALUES_OUTPUT;
        let pad = "p".repeat(300);
        let flow = include_str!("../../tests/data/long-values/long_values.json");
        let report = flowsim::flow::Registry::from_sources([(
            std::path::Path::new("long_values.json"),
            flow,
        )]);
        let registry = report.registry.expect("the flow loads");
        let request: flowsim::engine::RunRequest =
            serde_json::from_value(serde_json::json!({"flowName": "Long_Values"}))
                .expect("a request");
        let r = flowsim::engine::Run::new(
            &registry,
            &flowsim::fixtures::FixtureStore::default(),
            &request,
        )
        .result()
        .expect("the flow runs");
        assert!(r.trace.len() > 2 * SEGMENT, "{} steps: several segments", r.trace.len());
        let lines = super::TraceLines { r: &r };
        let (mut one, mut two) = (Vec::new(), Vec::new());
        let steps = r.trace.len();
        let left = MAX_RESULT_VALUES_OUTPUT;
        let one_left = segments::write_on_one_thread(&lines, steps, &mut one).expect("writes");
        let two_left = segments::write_on_two_threads(&lines, steps, &mut two).expect("writes");
        assert!(one == two, "the same lines");
        assert_eq!(one_left, two_left);
        let text = String::from_utf8(one).expect("UTF-8");
        assert_eq!(text.lines().count(), steps);
        assert!(text.contains(&format!("Flow.value = \"{pad}2910\"")), "long values");
        assert!(one_left < left - 30 * 300, "their bytes are taken from the budget");
    }
}
