# Two commands for everyone: `make run` and `make test`. Everything else here is what they build on,
# each step redone only when its inputs changed.
SHELL := /bin/bash
# Setup steps run two at a time: the index build (CPU) overlaps the Rasa install and training, the test
# packages and the browser's files (network and disk). On a fresh clone that takes ~2 of ~10 minutes off.
MAKEFLAGS += --jobs=2
PY311 ?= $(shell command -v pyenv >/dev/null && echo "$$(pyenv root)/versions/3.11.7/bin/python" || command -v python3.11)
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)
CHROMIUM ?= /usr/bin/chromium
PY310 ?= $(shell command -v pyenv >/dev/null && echo "$$(pyenv root)/versions/3.10.13/bin/python" || command -v python3.10)
VENV := .venv
RASA_VENV := .venv-rasa
export HF_HUB_OFFLINE := 1
export TRANSFORMERS_OFFLINE := 1
export RASA_TELEMETRY_ENABLED := false

BOT_INPUTS := $(shell find bot/config.yml bot/domain bot/data -name '*.yml' 2>/dev/null)
PO_FILES := $(wildcard translations/*/LC_MESSAGES/*.po)
MO_FILES := $(PO_FILES:.po=.mo)

.PHONY: run test setup setup-test system-packages load index eval bench i18n-extract i18n-check kb-validate clean \
	lock lock-upgrade eval-dialogue eval-facts deploy-test

run: setup
	$(VENV)/bin/veiviser run

test: setup setup-test
	$(VENV)/bin/python -m pytest

setup: $(VENV)/.installed $(RASA_VENV)/.installed bot/models/veiviser.tar.gz $(MO_FILES) index

# Browser tests: Debian's Chromium (Playwright cannot download a browser here), and axe-core and the
# off-the-shelf rasa-webchat widget from the npm registry (package tarballs only, no node_modules).
# PostgreSQL, Redis and nginx: the scale-out tests start their own servers on loopback (no system services).
setup-test: $(VENV)/.installed-test system-packages var/vendor/.installed

DEBIAN_PACKAGES := chromium postgresql redis-server nginx-light
system-packages:
	@missing=$$(for p in $(DEBIAN_PACKAGES); do dpkg-query -W -f='$${Status}\n' $$p 2>/dev/null \
		| grep -q "install ok installed" || echo $$p; done); \
	if [ -n "$$missing" ]; then \
		echo "installing Debian packages: $$missing"; \
		$(SUDO) apt-get update -qq && DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq $$missing; \
	fi

var/vendor/.installed: Makefile
	rm -rf var/vendor && mkdir -p var/vendor
	cd var/vendor && npm pack --silent axe-core@4.10.3 rasa-webchat@1.0.1 \
		&& tar xzf axe-core-4.10.3.tgz && mv package axe-core \
		&& tar xzf rasa-webchat-1.0.1.tgz && mv package rasa-webchat && rm -f *.tgz
	touch $@

# Locked, hashed installs (requirements/*.txt, made by `make lock` with uv): every machine gets the same
# versions, and a new release upstream changes nothing until someone runs `make lock-upgrade` on purpose.
# --no-deps: the lock already lists every package; our own package is installed on top, without build isolation,
# so its build backend (setuptools) comes from the lock too.
PIP_LOCKED := pip install --quiet --require-hashes --no-deps

$(VENV)/.installed: requirements/run.txt pyproject.toml
	test -x $(VENV)/bin/python || $(PY311) -m venv $(VENV)
	$(VENV)/bin/$(PIP_LOCKED) -r requirements/run.txt
	$(VENV)/bin/pip install --quiet --no-deps --no-build-isolation -e .
	touch $@

$(VENV)/.installed-test: $(VENV)/.installed requirements/test.txt
	$(VENV)/bin/$(PIP_LOCKED) -r requirements/test.txt
	touch $@

$(RASA_VENV)/.installed: requirements/rasa.txt
	test -x $(RASA_VENV)/bin/python || $(PY310) -m venv $(RASA_VENV)
	$(RASA_VENV)/bin/$(PIP_LOCKED) -r requirements/rasa.txt
	touch $@

# `make lock` brings the locks in step with pyproject.toml and bot/requirements.txt, keeping every version that
# still fits; `make lock-upgrade` takes the newest versions that fit. Then run `make test` and commit the locks.
# torch is the CPU build (requirements/overrides.txt); on a machine without its wheel in pip's find-links, add
# --find-links or --extra-index-url for the PyTorch CPU wheels to pip's configuration.
UV_VERSION := 0.13.9
UV := var/tools/bin/uv
UV_COMPILE = $(UV) pip compile --quiet --generate-hashes --python-platform x86_64-manylinux_2_28 \
	--custom-compile-command "make lock" $(LOCK_FLAGS)
TORCH_WHEELS ?= $(shell pip config get global.find-links 2>/dev/null)

$(UV):
	$(PY311) -m venv var/tools && var/tools/bin/pip install --quiet "uv==$(UV_VERSION)"

lock: $(UV)
	$(UV_COMPILE) --python-version 3.11 $(if $(TORCH_WHEELS),--find-links $(TORCH_WHEELS)) \
		--override requirements/overrides.txt pyproject.toml requirements/build.in \
		--extra sentence-transformers --extra bench --extra scale-out -o requirements/run.txt
	$(UV_COMPILE) --python-version 3.11 $(if $(TORCH_WHEELS),--find-links $(TORCH_WHEELS)) \
		--override requirements/overrides.txt pyproject.toml requirements/build.in \
		--extra sentence-transformers --extra bench --extra test -c requirements/run.txt -o requirements/test.txt
	$(UV_COMPILE) --python-version 3.10 bot/requirements.txt -o requirements/rasa.txt

lock-upgrade:
	$(MAKE) lock LOCK_FLAGS=--upgrade

bot/models/veiviser.tar.gz: $(RASA_VENV)/.installed $(BOT_INPUTS)
	cd bot && ../$(RASA_VENV)/bin/rasa train --config config.yml --domain domain --data data \
		--out models --fixed-model-name veiviser --force
	touch $@

translations/%.mo: translations/%.po $(VENV)/.installed
	$(VENV)/bin/pybabel compile --use-fuzzy -i $< -o $@

index: $(VENV)/.installed
	$(VENV)/bin/veiviser index build

kb-validate: $(VENV)/.installed
	$(VENV)/bin/veiviser kb validate

eval: setup
	$(VENV)/bin/veiviser eval --misses

# Understanding the person: safety recall and false alarms per category and language (held out and cross-validated).
eval-dialogue: setup
	$(VENV)/bin/veiviser eval-dialogue --through-chat

eval-facts: setup
	$(VENV)/bin/veiviser eval-facts --through-chat

bench: setup
	$(VENV)/bin/python benchmarks/bench.py

# 16 simulated users for 5 minutes on a local stack (loopback only); `make test` runs 30 seconds of it.
load: setup
	$(VENV)/bin/python benchmarks/load.py --sessions 16 --duration 300

# deploy/'s images built on a Debian base made here (no registry is reachable), compose's embedded profile
# started, a Ukrainian question asked through the published port, then everything removed. About 20 minutes
# the first time (the images build their own index and Rasa model); before every release, not in CI.
deploy-test: $(VENV)/.installed-test $(RASA_VENV)/.installed
	VEIVISER_DEPLOY_TEST=1 $(VENV)/bin/python -m pytest tests/deploy -p no:cacheprovider -s

i18n-extract: $(VENV)/.installed
	$(VENV)/bin/pybabel extract -F translations/babel.cfg -k gettext:2 -k N_ --no-location --sort-output \
		--omit-header -o translations/messages.pot .
	$(VENV)/bin/pybabel update -i translations/messages.pot -d translations --no-fuzzy-matching --ignore-obsolete
	$(VENV)/bin/pybabel extract -F translations/babel-admin.cfg --no-location --sort-output --omit-header \
		-o translations/admin.pot .
	$(VENV)/bin/pybabel update -D admin -l nb -i translations/admin.pot -d translations --no-fuzzy-matching --ignore-obsolete

# Translation coverage per language (a missing translation shows in English); CI's tests fail on gaps.
i18n-check: $(VENV)/.installed
	$(VENV)/bin/pybabel compile -d translations --statistics 2>&1 | grep translated
	$(VENV)/bin/pybabel compile -D admin -d translations --statistics 2>&1 | grep translated

clean:
	rm -rf var bot/models $(MO_FILES)
