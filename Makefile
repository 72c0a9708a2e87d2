# Clinic Desk: `make run` starts the app on a demo clinic, `make test` runs everything CI runs,
# `make bench` measures the hot paths. Each installs what it needs first.

SHELL := /bin/bash
# Builds live outside the checkout so CI on the same machine reuses them.
export CARGO_TARGET_DIR ?= $(HOME)/.cache/clinic-desk/target
APP := $(CARGO_TARGET_DIR)/debug/clinic-desk
DEMO ?= 1
# The sync server's PostgreSQL tests and benchmark use this database (scripts/postgres.sh makes it
# afresh); the tests fail, never skip, when it cannot be reached.
export CLINIC_TEST_POSTGRES_CA ?= $(HOME)/.cache/clinic-desk/postgres-ca.pem
export CLINIC_TEST_POSTGRES_URL ?= postgres://clinic_test:clinic_test@127.0.0.1:5432/clinic_test?sslmode=verify-full&sslrootcert=$(CLINIC_TEST_POSTGRES_CA)

.PHONY: all deps deps-e2e postgres ui app run test test-rust test-ui test-e2e check-bindings bench lint clean

all: app

deps:
	scripts/install-deps.sh

deps-e2e:
	scripts/install-deps.sh --e2e

# Debian's PostgreSQL 15, installed when missing, its cluster started, a fresh test database.
postgres:
	scripts/postgres.sh

# The web UI, built into ui/dist (the app embeds it).
ui: deps
	npm --prefix ui run build

# The desktop app with the UI embedded, as `tauri build` makes it (custom-protocol), and the
# sync server the end-to-end tests enrol with. Same features as test-rust, so builds are shared.
app: ui
	cargo build --workspace --bins --features clinic-desk/custom-protocol

# Starts the app. DEMO=1 (the default) fills a new database with a made-up demo clinic.
# Without a desktop session it runs under a private keychain (and Xvfb when there is no display).
run: app
	@export CLINIC_DESK_DEMO=$(DEMO); \
	if [ -n "$$DBUS_SESSION_BUS_ADDRESS" ] && [ -n "$$DISPLAY$$WAYLAND_DISPLAY" ]; then exec "$(APP)"; fi; \
	if [ -z "$$DISPLAY$$WAYLAND_DISPLAY" ]; then \
	  echo "make run: no display found; starting the app headless under Xvfb (Ctrl+C stops it)"; \
	  exec xvfb-run -a scripts/with-keychain.sh "$(APP)"; \
	fi; \
	exec scripts/with-keychain.sh "$(APP)"

test: deps-e2e ui lint test-rust check-bindings test-ui test-e2e
	@echo "make test: all suites passed"

# Rust: unit, store (real SQLCipher files), app commands, bench smoke run. Built with the same
# features as the app so the e2e build reuses every artifact.
test-rust: postgres
	cargo test --workspace --features clinic-desk/custom-protocol

# ts-rs regenerates ui/src/bindings during `cargo test`: a difference means the committed
# TypeScript contract had drifted from the Rust types.
check-bindings:
	@git diff --exit-code --stat -- ui/src/bindings || { echo "ui/src/bindings is out of date: commit the regenerated files"; exit 1; }
	@test -z "$$(git ls-files --others --exclude-standard -- ui/src/bindings)" || { echo "new generated bindings are not committed:"; git ls-files --others --exclude-standard -- ui/src/bindings; exit 1; }

# (The `ui` target's build already ran the TypeScript type check.)
test-ui:
	npm --prefix ui test

test-e2e: app
	scripts/e2e.sh "$(APP)"

bench: postgres
	cargo run --release -p clinic-bench -- --json bench-results.json

lint:
	cargo fmt --all -- --check
	cargo clippy --workspace --all-targets --features clinic-desk/custom-protocol -- -D warnings

clean:
	rm -rf ui/dist
	cargo clean
