# mcast: mcast-send and mcast-recv.  Plain make; no recursion (but for
# make sanitize, which builds the same tree again with other flags).

VERSION   = 0.1.0

PREFIX    ?= /usr/local
BINDIR    ?= $(PREFIX)/bin
MANPREFIX ?= $(PREFIX)/share/man
COMPLETIONDIR ?= $(PREFIX)/share/bash-completion/completions
DESTDIR   ?=

CC        ?= cc
CFLAGS    ?= -O2 -g
# Ours are added to the user's CFLAGS, never put over them.
MCFLAGS   = -std=c11 -Wall -Wextra -Wshadow -Wstrict-prototypes \
            -Wmissing-prototypes -Wformat=2 -D_GNU_SOURCE -DMCAST_VERSION=\"$(VERSION)\"
LDLIBS    ?=
# Ours are added after the user's LDLIBS: libm for sqrt (stats.c).
MLDLIBS   = -lm

BIN       = mcast-send mcast-recv
LIBOBJ    = src/addr.o src/cli.o src/clock.o src/diagnose.o src/escape.o \
            src/hist.o src/mcast.o src/output.o src/parse.o src/probe.o \
            src/ratelimit.o src/recvfmt.o src/recvstream.o src/run.o src/sendfmt.o src/stats.o \
            src/stream.o src/streamfmt.o src/table.o src/who.o
HDR       = src/addr.h src/be.h src/cli.h src/clock.h src/diagnose.h src/escape.h \
            src/hist.h src/mcast.h src/output.h src/parse.h src/probe.h \
            src/ratelimit.h src/recvfmt.h src/recvstream.h src/run.h \
            src/sendfmt.h src/sendstream.h src/stats.h src/stream.h \
            src/streamfmt.h src/table.h src/who.h
UNIT      = tests/unit/test_addr tests/unit/test_cli tests/unit/test_clock \
            tests/unit/test_diagnose tests/unit/test_escape tests/unit/test_fmt \
            tests/unit/test_hist tests/unit/test_mcast tests/unit/test_output \
            tests/unit/test_parse tests/unit/test_probe tests/unit/test_ratelimit \
            tests/unit/test_recvstream \
            tests/unit/test_stats tests/unit/test_stream tests/unit/test_table

all: $(BIN)

src/%.o: src/%.c $(HDR)
	$(CC) $(CPPFLAGS) $(MCFLAGS) $(CFLAGS) -c -o $@ $<

mcast-send: src/mcast-send.o src/sendstream.o $(LIBOBJ)
	$(CC) $(LDFLAGS) -o $@ src/mcast-send.o src/sendstream.o $(LIBOBJ) $(LDLIBS) $(MLDLIBS)

mcast-recv: src/mcast-recv.o $(LIBOBJ)
	$(CC) $(LDFLAGS) -o $@ src/mcast-recv.o $(LIBOBJ) $(LDLIBS) $(MLDLIBS)

tests/unit/%: tests/unit/%.c $(LIBOBJ) $(HDR)
	$(CC) $(CPPFLAGS) $(MCFLAGS) $(CFLAGS) $(LDFLAGS) -Isrc -o $@ $< $(LIBOBJ) -lcmocka $(LDLIBS) $(MLDLIBS)

# make check: unit tests, then integration tests (namespaces; root only).
check: deps $(BIN) $(UNIT)
	tests/run $(UNIT)

unit: deps $(UNIT)
	tests/run --unit-only $(UNIT)

# First, and before any unit test is built, tests/deps (the one list of
# test packages) installs the missing ones when run as root, or names them
# in one line when not, and fails only without libcmocka-dev.  make check
# wants its whole list; anything else that builds the unit tests, such as
# make unit in a package build, only libcmocka-dev.
DEPS = unit
check: DEPS = check
$(UNIT): | deps
deps:
	@tests/deps prepare $(DEPS)
.PHONY: deps

# Runs a receiver and the sender on the loopback interface only.
demo: $(BIN)
	tests/demo.sh

# make bench: figures side by side with iperf2, ssmping and a Python
# receiver, in network namespaces (root).  Not a test: it never fails on them.
bench: $(BIN)
	tests/bench/bench.sh

lint:
	mandoc -Tlint -W warning man/mcast-send.1 man/mcast-recv.1
	cppcheck --quiet --error-exitcode=1 --enable=warning,style,portability \
	    --inline-suppr --suppressions-list=.cppcheck-suppressions \
	    --std=c11 -DMCAST_VERSION=\"$(VERSION)\" src

# clang-tidy over src/ with the checks in .clang-tidy; any finding fails.
# One file per run: clang-tidy 14 given several files reports a va_list
# that va_start set up as uninitialized in every file after the first.
tidy:
	@status=0; for f in src/*.c; do \
		echo "clang-tidy $$f"; \
		clang-tidy --quiet $$f -- $(CPPFLAGS) $(MCFLAGS) || status=1; \
	done; exit $$status

# make sanitize: make check with the programs and unit tests built by clang
# with ASan and UBSan, every error fatal.  The tree is cleaned before and
# after, so that no plain build ever links a sanitized object.
SANFLAGS  = -O1 -g -fsanitize=address,undefined -fno-sanitize-recover=all \
            -fno-omit-frame-pointer
sanitize:
	$(MAKE) clean
	UBSAN_OPTIONS=print_stacktrace=1 $(MAKE) check CC=clang \
	    CFLAGS="$(SANFLAGS)" LDFLAGS="-fsanitize=address,undefined"; \
	    status=$$?; $(MAKE) clean; exit $$status

# make fuzz [FUZZ_SECONDS=N]: each libFuzzer target in tests/fuzz/ for N
# seconds over a temporary copy of its seed corpus (clang only).
FUZZCC    = clang
FUZZFLAGS = -g -O1 -fsanitize=fuzzer,address,undefined \
            -fno-sanitize-recover=all -fno-omit-frame-pointer
FUZZ      = tests/fuzz/fuzz_probe tests/fuzz/fuzz_parse tests/fuzz/fuzz_escape \
            tests/fuzz/fuzz_json tests/fuzz/fuzz_seq tests/fuzz/fuzz_ratelimit \
            tests/fuzz/fuzz_table tests/fuzz/fuzz_hist tests/fuzz/fuzz_stream
FUZZ_SECONDS ?= 10

tests/fuzz/fuzz_%: tests/fuzz/fuzz_%.c tests/fuzz/fuzz.h $(LIBOBJ:.o=.c) $(HDR)
	$(FUZZCC) $(CPPFLAGS) $(MCFLAGS) $(FUZZFLAGS) -Isrc -o $@ $< \
	    $(LIBOBJ:.o=.c) $(LDLIBS) $(MLDLIBS)

fuzz: $(FUZZ)
	tests/fuzz/run $(FUZZ_SECONDS) $(FUZZ)

# The seed corpora are in git; this writes them again from mkcorpus.c.
CORPUSSRC = src/hist.c src/probe.c src/stats.c src/stream.c
fuzz-corpus: tests/fuzz/mkcorpus.c $(CORPUSSRC) $(HDR)
	tmp=$$(mktemp -d) && \
	$(CC) $(CPPFLAGS) $(MCFLAGS) $(CFLAGS) -Isrc -o $$tmp/mkcorpus \
	    tests/fuzz/mkcorpus.c $(CORPUSSRC) $(MLDLIBS) && \
	for t in $(FUZZ); do \
		rm -rf tests/fuzz/corpus/$${t##*/}; \
		mkdir -p tests/fuzz/corpus/$${t##*/}; \
	done && \
	$$tmp/mkcorpus tests/fuzz/corpus; status=$$?; rm -rf $$tmp; exit $$status

install: $(BIN)
	mkdir -p $(DESTDIR)$(BINDIR) $(DESTDIR)$(MANPREFIX)/man1
	cp -f $(BIN) $(DESTDIR)$(BINDIR)/
	chmod 755 $(DESTDIR)$(BINDIR)/mcast-send $(DESTDIR)$(BINDIR)/mcast-recv
	sed 's/@VERSION@/$(VERSION)/' man/mcast-send.1 > $(DESTDIR)$(MANPREFIX)/man1/mcast-send.1
	sed 's/@VERSION@/$(VERSION)/' man/mcast-recv.1 > $(DESTDIR)$(MANPREFIX)/man1/mcast-recv.1
	chmod 644 $(DESTDIR)$(MANPREFIX)/man1/mcast-send.1 $(DESTDIR)$(MANPREFIX)/man1/mcast-recv.1
	mkdir -p $(DESTDIR)$(COMPLETIONDIR)
	cp -f dist/bash-completion/mcast $(DESTDIR)$(COMPLETIONDIR)/mcast-send
	cp -f dist/bash-completion/mcast $(DESTDIR)$(COMPLETIONDIR)/mcast-recv
	chmod 644 $(DESTDIR)$(COMPLETIONDIR)/mcast-send $(DESTDIR)$(COMPLETIONDIR)/mcast-recv

uninstall:
	rm -f $(DESTDIR)$(BINDIR)/mcast-send $(DESTDIR)$(BINDIR)/mcast-recv
	rm -f $(DESTDIR)$(MANPREFIX)/man1/mcast-send.1 $(DESTDIR)$(MANPREFIX)/man1/mcast-recv.1
	rm -f $(DESTDIR)$(COMPLETIONDIR)/mcast-send $(DESTDIR)$(COMPLETIONDIR)/mcast-recv

clean:
	rm -f $(BIN) src/*.o $(UNIT) $(FUZZ)

.PHONY: all check unit demo bench lint tidy sanitize fuzz fuzz-corpus install \
	uninstall clean
