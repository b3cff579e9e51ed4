# Quiver: two commands on a fresh machine.
#   make run   installs the system libraries if missing, builds release, runs the demo / server
#   make test  installs, builds, runs every test
# Other targets: build, release, bench, clean.

SWIFT ?= swift
DATA ?= ./quiver-data
SUDO := $(shell [ "$$(id -u)" = "0" ] || echo sudo)
PKGS := libsqlite3-dev liblz4-dev libopenblas-dev pkg-config

.PHONY: deps build release run test bench clean

# Installs the Debian -dev packages only when pkg-config cannot find a library.
deps:
	@if ! command -v pkg-config >/dev/null 2>&1 || ! pkg-config --exists sqlite3 liblz4 openblas; then \
		echo "installing $(PKGS)"; \
		$(SUDO) apt-get update -qq && $(SUDO) DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $(PKGS); \
	fi

build: deps
	$(SWIFT) build

release: deps
	$(SWIFT) build -c release

run: release
	.build/release/quiver demo --data $(DATA)

test: deps
	$(SWIFT) build --build-tests
	$(SWIFT) test --skip-build

bench: release
	.build/release/quiver-bench --help

clean:
	rm -rf .build
