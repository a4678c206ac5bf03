# fineprint - build, test, install.
#   make            library + CLI          make check   every test
#   make demo       scan a sample          make asan    tests under ASan+UBSan
#   make bench      throughput             make eval    precision/recall
#   make atomcheck  findings the same with and without the atom filter
#   make fuzz       libFuzzer, FUZZ_SECONDS per target (clang)
#   make install PREFIX=/usr/local
# New modules (scanner/*.c) and tests (tests/test_*.c) are picked up
# automatically.

PREFIX  ?= /usr/local
BUILD   ?= build
CC      ?= cc
PKGS    := libpcre2-8 libxml-2.0 zlib
VERSION := 0.1.0

# Deferred (=): on a fresh machine pkg-config only exists once `deps` ran,
# which happens after the Makefile is read.
PKG_CFLAGS = $(shell pkg-config --cflags $(PKGS) 2>/dev/null)
PKG_LIBS   = $(shell pkg-config --libs $(PKGS) 2>/dev/null)
CMOCKA     = $(shell pkg-config --libs cmocka 2>/dev/null || echo -lcmocka)

WARN     := -Wall -Wextra -Wshadow -Wstrict-prototypes -Wmissing-prototypes -Wno-missing-field-initializers
CFLAGS   ?= -O2 -g
ALL_CFLAGS = -std=c11 -D_DEFAULT_SOURCE $(WARN) $(CFLAGS) $(EXTRA_CFLAGS) -Iinclude -Iscanner $(PKG_CFLAGS) -fPIC -pthread
LDLIBS_ALL = $(PKG_LIBS) -pthread $(EXTRA_LDFLAGS)

LIB_SRC   := $(sort $(wildcard scanner/*.c))
LIB_OBJ   := $(LIB_SRC:scanner/%.c=$(BUILD)/obj/%.o) $(BUILD)/obj/rules_builtin.o
CLI_SRC   := $(sort $(wildcard scanner/cli/*.c))
CLI_OBJ   := $(CLI_SRC:scanner/cli/%.c=$(BUILD)/obj/cli_%.o)
RULES     := $(sort $(wildcard patterns/*.rules))
TEST_SRC  := $(sort $(wildcard tests/test_*.c))
TESTS     := $(TEST_SRC:tests/%.c=$(BUILD)/tests/%)
HEADERS   := $(wildcard include/*.h scanner/*.h)

STATIC := $(BUILD)/libfineprint.a
SHARED := $(BUILD)/libfineprint.so.0
BIN    := $(BUILD)/fineprint

.PHONY: all deps check unit rules-test golden batch warc sarif html man-test install-test fuzz-replay pathological \
        atomcheck \
        demo asan valgrind valgrind-golden bench eval fuzz fuzz-build install clean

all: deps $(BIN) $(SHARED)

deps:
	@sh tools/deps.sh

# `deps` is order-only: under make -j the packages (and pkg-config) must be
# in place before the first compile, yet installing them rebuilds nothing.
$(BUILD)/obj/%.o: scanner/%.c $(HEADERS) | $(BUILD)/obj deps
	$(CC) $(ALL_CFLAGS) -c $< -o $@

$(BUILD)/obj/cli_%.o: scanner/cli/%.c include/fineprint.h $(wildcard scanner/cli/*.h) | $(BUILD)/obj deps
	$(CC) $(ALL_CFLAGS) -c $< -o $@

$(BUILD)/embed: tools/embed.c | $(BUILD)/obj
	$(CC) -std=c11 -O2 -Wall -Wextra $< -o $@

$(BUILD)/rules_builtin.c: $(RULES) $(BUILD)/embed
	$(BUILD)/embed $@ $(RULES)

$(BUILD)/obj/rules_builtin.o: $(BUILD)/rules_builtin.c
	$(CC) $(ALL_CFLAGS) -Wno-missing-prototypes -c $< -o $@

$(STATIC): $(LIB_OBJ)
	rm -f $@ && ar rcs $@ $^

$(SHARED): $(LIB_OBJ)
	$(CC) -shared -Wl,-soname,libfineprint.so.0 $(ALL_CFLAGS) $^ -o $@ $(LDLIBS_ALL)

$(BIN): $(CLI_OBJ) $(STATIC)
	$(CC) $(ALL_CFLAGS) $^ -o $@ $(LDLIBS_ALL)

$(BUILD)/tests/%: tests/%.c tests/testutil.h $(STATIC) | $(BUILD)/tests
	$(CC) $(ALL_CFLAGS) -Wno-missing-prototypes -Itests $< $(STATIC) -o $@ $(LDLIBS_ALL) $(CMOCKA)

$(BUILD)/obj $(BUILD)/tests $(BUILD)/fuzz:
	mkdir -p $@

# ---------------------------------------------------------------- tests

unit: deps $(TESTS)
	@sh tests/run_unit.sh $(TESTS)

rules-test: $(BIN)
	$(BIN) rules --test

golden: $(BIN)
	@sh tests/golden.sh $(BIN)

batch: $(BIN)
	@sh tests/batch.sh $(BIN)

warc: $(BIN)
	@sh tests/warc.sh $(BIN)

# The npm packages of the SARIF check live in build/ whatever BUILD is, so
# the ASan pass reuses them.
sarif: $(BIN)
	@sh tests/sarif.sh $(BIN) build

html: $(BIN)
	@sh tests/html.sh $(BIN)

man-test: $(BIN)
	@sh tests/man.sh $(BIN)

install-test: all
	@sh tests/install.sh

# Fuzz targets as plain programs: each replays the seeds mkseeds writes and
# the crash inputs kept under tests/fuzz/regress/TARGET/.
FUZZ_TARGETS := text html zip docx rules scan warc
FUZZ_REPLAY  := $(FUZZ_TARGETS:%=$(BUILD)/fuzz/replay_%)
FUZZ_HDRS    := tests/fuzz/fuzz.h tests/zipwriter.h scanner/cli/warc.c scanner/cli/warc.h

$(BUILD)/fuzz/replay_%: tests/fuzz/fuzz_%.c $(FUZZ_HDRS) $(STATIC) | $(BUILD)/fuzz
	$(CC) $(ALL_CFLAGS) -DFP_FUZZ_REPLAY -Itests $< $(STATIC) -o $@ $(LDLIBS_ALL)

$(BUILD)/fuzz/mkseeds: tests/fuzz/mkseeds.c tests/zipwriter.h | $(BUILD)/fuzz
	$(CC) $(ALL_CFLAGS) -Itests $< -o $@ $(LDLIBS_ALL)

$(BUILD)/fuzz/seeds/.done: $(BUILD)/fuzz/mkseeds
	rm -rf $(BUILD)/fuzz/seeds && $(BUILD)/fuzz/mkseeds $(BUILD)/fuzz/seeds && touch $@

fuzz-replay: $(FUZZ_REPLAY) $(BUILD)/fuzz/seeds/.done
	@for t in $(FUZZ_TARGETS); do \
	    set -- $(BUILD)/fuzz/seeds/$$t; [ -d tests/fuzz/regress/$$t ] && set -- "$$@" tests/fuzz/regress/$$t; \
	    $(BUILD)/fuzz/replay_$$t "$$@" || { echo "FAIL: fuzz replay $$t"; exit 1; }; done

# Hostile and broken inputs, each under a time bound (tests/pathological.sh).
$(BUILD)/tests/pathogen: tests/pathogen.c tests/zipwriter.h | $(BUILD)/tests
	$(CC) $(ALL_CFLAGS) -Itests $< -o $@ $(LDLIBS_ALL)

pathological: $(BIN) $(BUILD)/tests/pathogen
	@sh tests/pathological.sh $(BIN) $(BUILD)/tests/pathogen $(PATHO_FLAGS)

# Everything, then again under AddressSanitizer + UndefinedBehaviorSanitizer.
check: all unit rules-test golden batch warc sarif html man-test install-test fuzz-replay pathological valgrind-golden \
       atomcheck
	$(MAKE) --no-print-directory asan
	@echo "check: all passed"

asan:
	$(MAKE) --no-print-directory BUILD=build/asan CFLAGS="-O1 -g -fno-omit-frame-pointer -fsanitize=address,undefined -fno-sanitize-recover=all" \
	    PATHO_FLAGS=--light unit golden batch warc sarif html fuzz-replay pathological

VALGRIND := valgrind -q --error-exitcode=99 --leak-check=full --errors-for-leak-kinds=definite

# The CLI golden tests under memcheck are part of make check (about 2.5 CPU
# minutes); `make valgrind` adds the batch tests (several more).
valgrind-golden: $(BIN)
	@sh tests/golden.sh "$(VALGRIND) $(BIN)"

valgrind: valgrind-golden
	@sh tests/batch.sh "$(VALGRIND) $(BIN)"

demo: all
	$(BIN) --verbose corpora/ai-service-terms.md

# libFuzzer (clang): the library built with coverage and ASan+UBSan into
# build/fuzz-clang, each target run FUZZ_SECONDS on a working corpus that
# starts from the generated seeds and the project's own corpora and rules.
# Crashes land in build/fuzz-clang/crashes/TARGET/; keep each one under
# tests/fuzz/regress/TARGET/ once fixed.
FUZZ_SECONDS ?= 60
FUZZ_CC      ?= clang
FUZZ_SAN     := -fsanitize=address,undefined -fno-sanitize-recover=all
FUZZ_DIR     := build/fuzz-clang
# libFuzzer's timeout is wall-clock and the targets run under nice: on a busy
# machine 20 s gave false "timeouts" (a rules file that loads in 0.7 s), so
# a unit is called hung only after 60 s.
FUZZ_FLAGS   ?= -rss_limit_mb=2048 -timeout=60 -max_len=262144

fuzz-build:
	@sh tools/deps.sh clang libclang-rt-14-dev
	$(MAKE) --no-print-directory BUILD=$(FUZZ_DIR) CC=$(FUZZ_CC) \
	    CFLAGS="-O1 -g -fno-omit-frame-pointer -fsanitize=fuzzer-no-link $(FUZZ_SAN)" \
	    $(FUZZ_DIR)/libfineprint.a $(FUZZ_DIR)/fuzz/seeds/.done
	@for t in $(FUZZ_TARGETS); do \
	    $(FUZZ_CC) $(ALL_CFLAGS) -O1 -g -fsanitize=fuzzer $(FUZZ_SAN) -Itests tests/fuzz/fuzz_$$t.c \
	        $(FUZZ_DIR)/libfineprint.a -o $(FUZZ_DIR)/fuzz_$$t $(LDLIBS_ALL) || exit 1; done

fuzz: fuzz-build
	@failed=""; for t in $(FUZZ_TARGETS); do \
	    mkdir -p $(FUZZ_DIR)/corpus/$$t $(FUZZ_DIR)/crashes/$$t tests/fuzz/regress/$$t; \
	    cp -n $(FUZZ_DIR)/fuzz/seeds/$$t/* $(FUZZ_DIR)/corpus/$$t/; \
	    case $$t in rules) cp -n $(RULES) $(FUZZ_DIR)/corpus/$$t/ ;; \
	        html|scan|docx) cp -n corpora/*.html corpora/*.docx corpora/*.md $(FUZZ_DIR)/corpus/$$t/ ;; esac; \
	    echo "fuzz: $$t for $(FUZZ_SECONDS) s (log $(FUZZ_DIR)/fuzz_$$t.log)"; \
	    nice -n 10 $(FUZZ_DIR)/fuzz_$$t -max_total_time=$(FUZZ_SECONDS) $(FUZZ_FLAGS) \
	        -artifact_prefix=$(FUZZ_DIR)/crashes/$$t/ $(FUZZ_DIR)/corpus/$$t \
	        tests/fuzz/regress/$$t > $(FUZZ_DIR)/fuzz_$$t.log 2>&1 || failed="$$failed $$t"; \
	    grep -E '^Done|^#[0-9]+.*(DONE|pulse)' $(FUZZ_DIR)/fuzz_$$t.log | tail -n 1; done; \
	[ -z "$$failed" ] || { echo "fuzz: crashes in:$$failed (see $(FUZZ_DIR)/crashes/)"; exit 1; }

# the comparisons (pcre2grep on the exported rules, pandoc -t plain) are
# installed here, not by deps: only the benchmark needs them
bench: all
	@sh tools/deps.sh pcre2-utils pandoc
	@sh tools/bench.sh $(BIN)

# The atom filter (scanner/atoms.c) must not change a finding: scan the CUAD,
# CLAUDETTE, OTA and DOCX data with and without it (about 7 CPU-seconds;
# skipped without ../shared/data).
atomcheck: $(BIN)
	@sh tools/atomcheck.sh $(BIN)

# Precision and recall on ../shared/data (skips cleanly without it).
$(BUILD)/eval: tools/eval.c $(STATIC) include/fineprint.h scanner/rules.h
	$(CC) $(ALL_CFLAGS) tools/eval.c $(STATIC) -o $@ $(LDLIBS_ALL)

eval: $(BUILD)/eval
	$(BUILD)/eval ../shared/data patterns

# --------------------------------------------------------------- install

install: all
	install -d $(DESTDIR)$(PREFIX)/bin $(DESTDIR)$(PREFIX)/lib $(DESTDIR)$(PREFIX)/include \
	    $(DESTDIR)$(PREFIX)/lib/pkgconfig $(DESTDIR)$(PREFIX)/share/fineprint/patterns \
	    $(DESTDIR)$(PREFIX)/share/man/man1 $(DESTDIR)$(PREFIX)/share/man/man5
	install -m 755 $(BIN) $(DESTDIR)$(PREFIX)/bin/fineprint
	install -m 644 $(STATIC) $(DESTDIR)$(PREFIX)/lib/libfineprint.a
	install -m 755 $(SHARED) $(DESTDIR)$(PREFIX)/lib/libfineprint.so.0
	ln -sf libfineprint.so.0 $(DESTDIR)$(PREFIX)/lib/libfineprint.so
	install -m 644 include/fineprint.h $(DESTDIR)$(PREFIX)/include/fineprint.h
	install -m 644 $(RULES) $(DESTDIR)$(PREFIX)/share/fineprint/patterns/
	install -m 644 man/fineprint.1 $(DESTDIR)$(PREFIX)/share/man/man1/fineprint.1
	install -m 644 man/fineprint-rules.5 $(DESTDIR)$(PREFIX)/share/man/man5/fineprint-rules.5
	sed -e 's|@PREFIX@|$(PREFIX)|g' -e 's|@VERSION@|$(VERSION)|g' tools/fineprint.pc.in \
	    > $(DESTDIR)$(PREFIX)/lib/pkgconfig/fineprint.pc

clean:
	rm -rf build
