# mcast: mcast-send and mcast-recv.  Plain make; no recursion.

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

BIN       = mcast-send mcast-recv
LIBOBJ    = src/diagnose.o src/mcast.o src/output.o src/probe.o src/ratelimit.o src/stats.o
HDR       = src/diagnose.h src/mcast.h src/output.h src/probe.h src/ratelimit.h src/stats.h
UNIT      = tests/unit/test_diagnose tests/unit/test_mcast tests/unit/test_probe tests/unit/test_stats tests/unit/test_output

all: $(BIN)

src/%.o: src/%.c $(HDR)
	$(CC) $(CPPFLAGS) $(MCFLAGS) $(CFLAGS) -c -o $@ $<

mcast-send: src/mcast-send.o $(LIBOBJ)
	$(CC) $(LDFLAGS) -o $@ src/mcast-send.o $(LIBOBJ) $(LDLIBS)

mcast-recv: src/mcast-recv.o $(LIBOBJ)
	$(CC) $(LDFLAGS) -o $@ src/mcast-recv.o $(LIBOBJ) $(LDLIBS)

tests/unit/%: tests/unit/%.c $(LIBOBJ) $(HDR)
	$(CC) $(CPPFLAGS) $(MCFLAGS) $(CFLAGS) -Isrc -o $@ $< $(LIBOBJ) -lcmocka -lm $(LDLIBS)

# make check: unit tests, then integration tests (namespaces; root only).
check: $(BIN) $(UNIT)
	tests/run $(UNIT)

unit: $(UNIT)
	tests/run --unit-only $(UNIT)

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
	    --inline-suppr --std=c11 -DMCAST_VERSION=\"$(VERSION)\" src

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
	rm -f $(BIN) src/*.o $(UNIT)

.PHONY: all check unit demo bench lint install uninstall clean
