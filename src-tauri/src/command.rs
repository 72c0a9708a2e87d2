//! The machinery behind the one declaration of each command (`command_table.rs`): what a
//! command is (its name, who may call it, its arguments), the `commands!` macro that turns the
//! table into the Tauri handlers, the typed Rust functions tests call, a JSON dispatcher, and the
//! generated TypeScript client. docs/architecture.md shows how to add a command.

use std::collections::BTreeMap;

use serde::de::DeserializeOwned;
use ts_rs::{Config, Dependency, TypeVisitor, TS};

use crate::access::Access;
use crate::error::{CommandError, ErrorCode};

/// One command as declared: the name the UI invokes, who may call it, and its arguments'
/// names as Rust spells them (the UI sends them in camelCase, as Tauri expects).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct CommandSpec {
    pub name: &'static str,
    pub access: Access,
    pub args: &'static [&'static str],
}

/// A command's argument or answer as TypeScript sees it.
pub struct TsType {
    /// The type as written in TypeScript (`Array<Patient> | null`).
    pub name: String,
    /// The generated files it needs imported: the TypeScript name and the file.
    pub imports: Vec<(String, String)>,
}

impl TsType {
    /// The TypeScript of the Rust type `T`, with what it needs imported: only the types its
    /// name spells out (`Array<Patient>` needs `Patient`, not what a patient holds).
    pub fn of<T: TS + 'static + ?Sized>(cfg: &Config) -> Self {
        let name = T::name(cfg);
        let mut named = Named { cfg, found: Vec::new() };
        named.visit::<T>();
        let imports = named
            .found
            .into_iter()
            .filter(|d| names_type(&name, &d.ts_name))
            .map(|d| (d.ts_name, d.output_path.with_extension("").to_string_lossy().replace('\\', "/")))
            .collect();
        TsType { name, imports }
    }
}

/// Collects a type and, through its generic arguments (`Vec<T>`, `Option<T>`), the exported
/// types it is made of.
struct Named<'a> {
    cfg: &'a Config,
    found: Vec<Dependency>,
}

impl TypeVisitor for Named<'_> {
    fn visit<T: TS + 'static + ?Sized>(&mut self) {
        self.found.extend(Dependency::from_ty::<T>(self.cfg));
        T::visit_generics(self);
    }
}

/// Whether the TypeScript `written` names the type `ident` as a whole word.
fn names_type(written: &str, ident: &str) -> bool {
    let word = |c: char| c.is_alphanumeric() || c == '_';
    written.match_indices(ident).any(|(at, _)| {
        let before = written[..at].chars().next_back();
        let after = written[at + ident.len()..].chars().next();
        !before.is_some_and(word) && !after.is_some_and(word)
    })
}

/// What the TypeScript client needs to know of one command.
pub struct TsCommand {
    pub name: &'static str,
    pub docs: &'static [&'static str],
    pub args: Vec<(&'static str, TsType)>,
    pub answer: TsType,
}

/// `snake_case` to `camelCase`, as Tauri names a command's arguments and as the client names
/// its functions.
pub fn camel_case(snake: &str) -> String {
    let mut out = String::with_capacity(snake.len());
    let mut upper = false;
    for c in snake.chars() {
        if c == '_' {
            upper = true;
        } else if upper {
            out.extend(c.to_uppercase());
            upper = false;
        } else {
            out.push(c);
        }
    }
    out
}

/// Words TypeScript will not take as a parameter name.
const TS_RESERVED: &[&str] = &["new", "delete", "function", "default", "class", "in", "void", "var", "let", "enum"];

/// The TypeScript client: one typed function per command, calling it by its declared name.
pub fn typescript_client(commands: &[TsCommand]) -> String {
    let mut imports: BTreeMap<String, String> = BTreeMap::new();
    let mut body = String::new();
    for command in commands {
        let mut params = Vec::new();
        let mut fields = Vec::new();
        for (arg, ty) in &command.args {
            let key = camel_case(arg);
            let param = if TS_RESERVED.contains(&key.as_str()) { format!("{key}_") } else { key.clone() };
            fields.push(if param == key { key.clone() } else { format!("{key}: {param}") });
            params.push(format!("{param}: {}", ty.name));
            imports.extend(ty.imports.iter().cloned());
        }
        imports.extend(command.answer.imports.iter().cloned());
        body.push('\n');
        if !command.docs.is_empty() {
            body.push_str("/**\n");
            for line in command.docs {
                body.push_str(&format!(" *{}\n", line.trim_end()));
            }
            body.push_str(" */\n");
        }
        let answer = &command.answer.name;
        let args = if fields.is_empty() { String::new() } else { format!(", {{ {} }}", fields.join(", ")) };
        body.push_str(&format!(
            "export function {}({}): Promise<{answer}> {{\n  return call<{answer}>(\"{}\"{args});\n}}\n",
            camel_case(command.name),
            params.join(", "),
            command.name,
        ));
    }
    let mut out = String::from(
        "// Generated from src-tauri/src/command_table.rs by `cargo test`. Do not edit this file manually.\n\
         import { call } from \"../ipc\";\n",
    );
    for (name, path) in imports {
        out.push_str(&format!("import type {{ {name} }} from \"./{path}\";\n"));
    }
    out.push_str(&body);
    out
}

/// Reads one argument of a JSON call the way Tauri does: by its camelCase name, a missing one
/// read as `null` (so an `Option` may be left out). The error says what is wrong in words that
/// never quote the value (it could be patient data).
/// An argument that is an id naming nothing that could exist (a link typed by hand, say) is
/// not found, as a well-formed id naming nothing is; any other wrong argument is a validation
/// error.
pub fn json_arg<T: DeserializeOwned>(args: &serde_json::Value, command: &str, arg: &str) -> Result<T, CommandError> {
    let value = args.get(camel_case(arg)).cloned().unwrap_or(serde_json::Value::Null);
    serde_json::from_value(value).map_err(|e| {
        let why = clinic_sync::protocol::json_error_text(&e);
        // The id types' own message (clinic_core::ids::InvalidId), which quotes nothing.
        if let Some(what) = why.strip_prefix("not a valid ").and_then(|w| w.strip_suffix(" id")) {
            return CommandError::new(ErrorCode::NotFound, format!("That {what} link is not valid (not an id)"));
        }
        CommandError::new(ErrorCode::Validation, format!("The command {command} got a wrong argument {arg}: {why}"))
    })
}

/// The JSON arguments of a call from the window.
pub fn request_args(request: &tauri::ipc::Request<'_>) -> Result<serde_json::Value, CommandError> {
    match request.body() {
        tauri::ipc::InvokeBody::Json(args) => Ok(args.clone()),
        tauri::ipc::InvokeBody::Raw(_) => {
            Err(CommandError::new(ErrorCode::Validation, "A command's arguments are sent as JSON, not raw bytes"))
        }
    }
}

/// The answer of a JSON call, as Tauri would send it to the window.
pub fn json_answer<T: serde::Serialize>(answer: T) -> Result<serde_json::Value, CommandError> {
    serde_json::to_value(answer).map_err(|e| CommandError::internal(format!("an answer could not be turned into JSON: {e}")))
}

/// Turns the table in `command_table.rs` into the commands. Each entry is
/// `name(arg: Type, …) -> Answer { [async] Access [on patient_arg] => body::path }`:
/// - the Tauri handler `ipc::name`;
/// - the typed function `name(state, args…)` that checks the access and calls the body (the
///   app's handler calls it; tests call it too, so they take the same path as the window);
/// - `register`, which gives Tauri's builder every handler;
/// - its [`CommandSpec`] in `COMMANDS` and its name in `COMMAND_NAMES` (build.rs reads the
///   same table for the `allow-…` permissions and the capability);
/// - a branch of [`invoke`](crate::commands::invoke), the JSON dispatcher, and its TypeScript.
///
/// What the body receives follows from the access: `Anyone` bodies get the `&AppState` (they
/// check what they need themselves); every other body gets the [`Authorized`] check that
/// passed, or, for an `async` body, the state and the acting user (locks are not held across
/// an await). `on patient_id` audits a refusal against that patient; `Chart` needs it.
///
/// [`Authorized`]: crate::state::Authorized
macro_rules! declare_commands {
    // What the declaration's access part says, as an `Access`.
    (@access async $($rest:tt)*) => { $crate::command::declare_commands!(@access $($rest)*) };
    (@access $kind:ident $(($action:ident))? $(on $pid:ident)? => $body:path) => {
        $crate::access::Access::$kind $((::clinic_core::Action::$action))?
    };

    // The typed function: checks the access, then calls the body.
    (@typed [$($attr:tt)*] $name:ident ($($arg:ident : $ty:ty),*) -> $answer:ty; async $($how:tt)*) => {
        $($attr)*
        pub async fn $name(
            state: &$crate::state::AppState, $($arg: $ty),*
        ) -> ::std::result::Result<$answer, $crate::error::CommandError> {
            #[allow(dead_code)] // an `Anyone` body checks nothing under its name
            const SPEC: $crate::command::CommandSpec = $crate::command::declare_commands!(@spec $name ($($arg),*) async $($how)*);
            $crate::command::declare_commands!(@run state, SPEC, ($($arg),*), async $($how)*)
        }
    };
    (@typed [$($attr:tt)*] $name:ident ($($arg:ident : $ty:ty),*) -> $answer:ty; $($how:tt)*) => {
        $($attr)*
        pub fn $name(
            state: &$crate::state::AppState, $($arg: $ty),*
        ) -> ::std::result::Result<$answer, $crate::error::CommandError> {
            #[allow(dead_code)] // an `Anyone` body checks nothing under its name
            const SPEC: $crate::command::CommandSpec = $crate::command::declare_commands!(@spec $name ($($arg),*) $($how)*);
            $crate::command::declare_commands!(@run state, SPEC, ($($arg),*), $($how)*)
        }
    };

    (@spec $name:ident ($($arg:ident),*) $($how:tt)*) => {
        $crate::command::CommandSpec {
            name: stringify!($name),
            access: $crate::command::declare_commands!(@access $($how)*),
            args: &[$(stringify!($arg)),*],
        }
    };

    (@await ($call:expr) async $($rest:tt)*) => { $call.await };
    (@await ($call:expr) $($rest:tt)*) => { $call };

    // The check and the call, by access.
    (@run $state:ident, $spec:ident, ($($arg:ident),*), async Anyone => $body:path) => {
        $body($state, $($arg),*).await
    };
    (@run $state:ident, $spec:ident, ($($arg:ident),*), async $kind:ident $(($action:ident))? => $body:path) => {{
        let actor = $state.authorize(&$spec)?.actor;
        $body($state, actor, $($arg),*).await
    }};
    (@run $state:ident, $spec:ident, ($($arg:ident),*), Anyone => $body:path) => {
        $body($state, $($arg),*)
    };
    (@run $state:ident, $spec:ident, ($($arg:ident),*), $kind:ident $(($action:ident))? on $pid:ident => $body:path) => {{
        let auth = $state.authorize_on_patient(&$spec, &$pid)?;
        $body(auth, $($arg),*)
    }};
    (@run $state:ident, $spec:ident, ($($arg:ident),*), Chart => $body:path) => {
        compile_error!("`Chart` access names the patient argument: `Chart on patient_id`")
    };
    (@run $state:ident, $spec:ident, ($($arg:ident),*), $kind:ident $(($action:ident))? => $body:path) => {{
        let auth = $state.authorize(&$spec)?;
        $body(auth, $($arg),*)
    }};

    // The table.
    ($( $(#[doc = $doc:literal])* $name:ident ( $($arg:ident : $ty:ty),* $(,)? ) -> $answer:ty { $($how:tt)* } )*) => {
        /// Every command with who may call it, in the order declared.
        pub const COMMANDS: &[$crate::command::CommandSpec] = &[$(
            $crate::command::declare_commands!(@spec $name ($($arg),*) $($how)*)
        ),*];

        /// Every command's name: the `allow-…` permissions and what the capability grants.
        pub const COMMAND_NAMES: &[&str] = &[$(stringify!($name)),*];

        $(
            $crate::command::declare_commands!(@typed [$(#[doc = $doc])*] $name ($($arg: $ty),*) -> $answer; $($how)*);
        )*

        /// The Tauri handlers: each reads its arguments as the JSON dispatcher does (so a wrong
        /// one is a `CommandError` naming it, not Tauri's own message) and calls its typed
        /// function.
        pub mod ipc {
            #[allow(unused_imports)]
            use super::*;
            $(
                $(#[doc = $doc])*
                #[tauri::command]
                pub async fn $name(
                    state: ::tauri::State<'_, $crate::state::AppState>,
                    request: ::tauri::ipc::Request<'_>,
                ) -> ::std::result::Result<::serde_json::Value, $crate::error::CommandError> {
                    #[allow(unused_variables)] // a command without arguments reads none
                    let args = $crate::command::request_args(&request)?;
                    $(let $arg: $ty = $crate::command::json_arg(&args, stringify!($name), stringify!($arg))?;)*
                    let answer = $crate::command::declare_commands!(@await (super::$name(&state, $($arg),*)) $($how)*)?;
                    $crate::command::json_answer(answer)
                }
            )*
        }

        /// Runs a command from its name and JSON arguments, as the window's call would: for
        /// tests and tools that drive every command from the list.
        pub async fn invoke(
            state: &$crate::state::AppState,
            command: &str,
            args: ::serde_json::Value,
        ) -> ::std::result::Result<::serde_json::Value, $crate::error::CommandError> {
            match command {
                $(
                    stringify!($name) => {
                        $(let $arg: $ty = $crate::command::json_arg(&args, command, stringify!($arg))?;)*
                        let answer = $crate::command::declare_commands!(@await ($name(state, $($arg),*)) $($how)*)?;
                        $crate::command::json_answer(answer)
                    }
                )*
                other => Err($crate::error::CommandError::new(
                    $crate::error::ErrorCode::NotFound,
                    format!("There is no command {other}"),
                )),
            }
        }

        /// Gives the app's builder every command's handler.
        pub fn register<R: ::tauri::Runtime>(builder: ::tauri::Builder<R>) -> ::tauri::Builder<R> {
            builder.invoke_handler(::tauri::generate_handler![$(ipc::$name),*])
        }

        /// The TypeScript client's description of every command.
        pub fn typescript_commands() -> Vec<$crate::command::TsCommand> {
            // Money travels as integer minor units, far below 2^53: `number`, as the types'
            // own `#[ts(type = "number")]` fields say.
            let cfg = ::ts_rs::Config::from_env().with_large_int("number");
            vec![$(
                $crate::command::TsCommand {
                    name: stringify!($name),
                    docs: &[$($doc),*],
                    args: vec![$((stringify!($arg), $crate::command::TsType::of::<$ty>(&cfg))),*],
                    answer: $crate::command::TsType::of::<$answer>(&cfg),
                }
            ),*]
        }
    };
}

pub(crate) use declare_commands;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_wrong_argument_is_named_without_its_value() {
        let args = serde_json::json!({ "limit": "Ada Okafor" });
        let err = json_arg::<u32>(&args, "search_patients", "limit").expect_err("not a number");
        assert_eq!(err.code, ErrorCode::Validation);
        assert!(err.message.contains("argument limit"), "{}", err.message);
        assert!(!err.message.contains("Ada"), "{}", err.message);
    }

    #[test]
    fn names_turn_camel_case_as_tauri_turns_them() {
        assert_eq!(camel_case("patient_id"), "patientId");
        assert_eq!(camel_case("claim_move"), "claimMove");
        assert_eq!(camel_case("query"), "query");
    }

    /// Writes `ui/src/bindings/commands.ts` (ts-rs's export folder) as `cargo test` writes the
    /// types: `make check-bindings` fails when the committed client differs.
    #[test]
    fn export_the_typescript_client() {
        let client = typescript_client(&crate::commands::typescript_commands());
        assert!(client.contains("export function logIn(username: string, password: string): Promise<SessionInfo>"), "{client}");
        assert!(client.contains("return call<SessionInfo>(\"change_own_password\", { current, new: new_ });"), "{client}");
        let dir = std::env::var("TS_RS_EXPORT_DIR").unwrap_or_else(|_| "ui/src/bindings".into());
        let path = std::path::Path::new(&dir).join("commands.ts");
        if std::fs::read_to_string(&path).ok().as_deref() != Some(client.as_str()) {
            std::fs::write(&path, client).expect("write the TypeScript client");
        }
    }
}
