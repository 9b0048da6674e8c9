# Guichet: two commands do all the set-up on a fresh Debian machine.
#   make run   installs what is needed, initialises the demo instance, starts web + worker
#   make test  installs what is needed and runs the whole test suite
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
export GUICHET_DATA_DIR ?= $(CURDIR)/var

# Debian packages: Tesseract (OCR; German, Spanish and Italian models for pages in those languages), poppler (PDF tools), Chromium (browser tests),
# systemd (systemd-analyze verify on the appliance units), qemu-utils (qemu-img: the OVA test).
APT_PACKAGES := tesseract-ocr tesseract-ocr-fra tesseract-ocr-eng tesseract-ocr-deu tesseract-ocr-spa tesseract-ocr-ita poppler-utils ghostscript qpdf \
	unpaper chromium libusb-1.0-0 sane-utils openssh-server dovecot-imapd dovecot-lmtpd openssl \
	fonts-dejavu-core fonts-urw-base35 fonts-liberation fonts-freefont-ttf libzbar0 systemd \
	qemu-utils

.PHONY: screenshots run test lint lock bench system-deps venv clean appliance appliance-smoke appliance-chroot-smoke appliance-boot-smoke \
	appliance-compare appliance-import-check

system-deps:
	@missing=""; for p in $(APT_PACKAGES); do dpkg -s $$p >/dev/null 2>&1 || missing="$$missing $$p"; done; \
	if [ -n "$$missing" ]; then \
	  if [ "$$(id -u)" = 0 ]; then \
	    echo "apt-get install$$missing"; \
	    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends $$missing; \
	  else \
	    echo "Paquets Debian manquants. Lancez en root :"; \
	    echo "  apt-get update && apt-get install -y --no-install-recommends$$missing"; exit 1; \
	  fi; \
	fi

# pip -qq: errors only. Its warnings (a build back-end's notes on editable installs, index
# locations of the machine's pip configuration) are not for a newcomer; errors still show.
# Runtime dependencies from requirements.lock (exact versions, every file's hash checked: the
# same set as the appliance and ansible hosts), then Guichet and the test tools.
$(BIN)/guichet: pyproject.toml requirements.lock
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/pip install -qq --upgrade pip setuptools wheel
	$(BIN)/pip install -qq --require-hashes -r requirements.lock
	$(BIN)/pip install -qq -e '.[test]'
	touch $(BIN)/guichet

# Guichet's own modules compiled to .pyc at every `make run`/`make test` (CI too): the editable
# install leaves them as sources, and where PYTHONDONTWRITEBYTECODE is set (containers, CI) every
# `guichet` command would compile them again (~0.17 s of CPU each). Python still reads the .pyc;
# a stale one is never used (its import checks the source's mtime and size and compiles the new
# source instead), and compileall rewrites only those out of date. Dependencies, and the wheel
# the appliance and ansible install, are compiled by pip already.
PACKAGE_DIRS := core plugins connectors web config

venv: $(BIN)/guichet
	$(BIN)/python -m compileall -q $(PACKAGE_DIRS)

run: system-deps venv
	@# A first run initialises and prints the demo login itself; later runs remind it.
	@if test -f "$(GUICHET_DATA_DIR)/guichet.db"; then \
	  echo "Connexion de démonstration : $$(paste -sd' ' $(GUICHET_DATA_DIR)/demo_login.txt 2>/dev/null)"; \
	else $(BIN)/guichet init; fi
	$(BIN)/guichet run --with-worker

# Lint first ([tool.ruff] in pyproject.toml says which rules and why), then the tests
# (the 30 slowest printed: CI has 90 minutes on 2 cores).
test: system-deps venv
	$(BIN)/ruff check --quiet .
	$(BIN)/python -m pytest -q --durations=30 $(PYTEST_ARGS)

# Re-pin the runtime dependencies after a change in pyproject.toml (tests/test_packaging.py
# says when): versions and hashes of every file, for `make run`, the appliance and ansible.
# uv resolves for every Python >= 3.11 at once (markers kept): the appliance's Python may
# be an older 3.11 than the build machine's (redis needs async-timeout before 3.11.3).
lock: venv
	$(BIN)/pip install -qq uv
	$(BIN)/uv pip compile pyproject.toml --extra appliance --universal --python-version 3.11 \
	  --generate-hashes --no-header --quiet -o requirements.lock

lint: venv
	$(BIN)/ruff check .

bench: system-deps venv
	$(BIN)/python tests/bench.py $(BENCH)

# Screenshots of every page at 390 px and 1366 px, as the firm admin and a client (not committed):
# the layout browser test takes them while it measures the pages. Open build/screenshots/index.html.
screenshots: system-deps venv
	rm -rf build/screenshots
	GUICHET_SCREENSHOTS=build/screenshots $(BIN)/python -m pytest -q tests/test_web_layout_browser.py
	@echo "Captures : build/screenshots/index.html"

# The appliance image (long, needs root, debootstrap and the Debian mirror; not in `make test`).
appliance:
	$(if $(filter 0,$(shell id -u)),,sudo) appliance/build.sh build/appliance

# Boot the built image in a container and check /healthz (needs systemd-nspawn, PID 1 = systemd).
appliance-smoke:
	$(if $(filter 0,$(shell id -u)),,sudo) appliance/smoke-test.sh build/appliance/rootfs

# Without systemd as PID 1 (containers, CI): run the built image's web in a chroot and ask /healthz.
appliance-chroot-smoke:
	$(if $(filter 0,$(shell id -u)),,sudo) appliance/chroot-smoke.sh build/appliance/rootfs

# Boot the built disk image in qemu (BIOS and UEFI; GUICHET_QEMU_ACCEL=kvm for KVM) on a test network with
# DHCP, DNS and NTP, answer the first boot on the serial console, check the installation.
# Needs root, qemu-system-x86, qemu-utils, dnsmasq-base, chrony, ovmf.
appliance-boot-smoke:
	$(if $(filter 0,$(shell id -u)),,sudo) python3 appliance/boot-test.py build/appliance/guichet.qcow2 --screens build/appliance/screens

# Two builds of this commit (same GUICHET_SNAPSHOT), compared: Debian and Python packages, the
# tarball's paths, modes, owners and contents (appliance/compare-builds.py; about twice `make appliance`).
appliance-compare:
	$(if $(filter 0,$(shell id -u)),,sudo) python3 appliance/compare-builds.py --build build/appliance-1 build/appliance-2

# What VMware and Proxmox would import, checked without them: the OVA (DMTF OVF schema, manifest,
# streamOptimized VMDK), then boots of the OVA's own VMDK on VMware-like hardware (PVSCSI, VMXNET3)
# and of the raw disk `qm importdisk` makes (qemu-img convert) on Proxmox's default hardware.
appliance-import-check:
	$(BIN)/python appliance/check-ova.py build/appliance/guichet.ova
	$(if $(filter 0,$(shell id -u)),,sudo) python3 appliance/boot-test.py build/appliance/guichet.ova --firmware bios --hardware vmware
	qemu-img convert -f qcow2 -O raw build/appliance/guichet.qcow2 build/appliance/proxmox-import.raw
	$(if $(filter 0,$(shell id -u)),,sudo) python3 appliance/boot-test.py build/appliance/proxmox-import.raw --firmware uefi --hardware proxmox

clean:
	rm -rf $(VENV) build *.egg-info
