# tutor carries its lessons inside the binary: installing it is copying one file.
PREFIX ?= $(HOME)/.local
BINDIR ?= $(PREFIX)/bin

.PHONY: build test install uninstall

build:
	swift build -c release --product tutor

test:
	swift test

install: build
	install -d "$(DESTDIR)$(BINDIR)"
	install -m 755 "$$(swift build -c release --show-bin-path)/tutor" "$(DESTDIR)$(BINDIR)/tutor"
	@echo "Installed $(DESTDIR)$(BINDIR)/tutor; make sure $(BINDIR) is on your PATH."

uninstall:
	rm -f "$(DESTDIR)$(BINDIR)/tutor"
