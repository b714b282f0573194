# wijkregie: the two commands people need are `make run` and `make check`.
# Meson and Ninja do the building; this file installs what is missing,
# keeps the build folders configured and runs the tests.

BUILD       ?= build
CHECK_BUILD ?= build-check
FUZZ_BUILD  ?= build-fuzz
DATA        ?= var
LISTEN      ?= 127.0.0.1:8080
FUZZ_SECONDS ?= 60
# make run reads wijkregie.conf when there is one, else the example (PDOK's
# background map and address lookup)
RUN_CONFIG  ?= $(if $(wildcard wijkregie.conf),wijkregie.conf,wijkregie.conf.example)

# Embedded files: a new, changed or removed one needs a reconfigure, which
# is when meson lists them.
EMBED_DIRS  := templates templates/layouts templates/pages templates/partials migrations data data/zoetermeer locale
EMBED_FILES := $(wildcard templates/*/*.mustache migrations/*.sql data/*.json data/zoetermeer/* locale/*.po)
STATIC_OUT  := static/vendor/utrecht.css

.PHONY: all deps run check bench fuzz clean style unit http-tests browser-tests fuzz-replay backup-test static

all: deps $(BUILD)/wijkregie static

deps:
	@tools/deps.sh

static: $(STATIC_OUT)
$(STATIC_OUT): package-lock.json tools/build-static.sh
	@tools/build-static.sh

$(BUILD)/build.ninja: meson.build src/meson.build tests/meson.build $(EMBED_DIRS) $(EMBED_FILES)
	@if [ -f $@ ]; then meson setup --reconfigure $(BUILD) >/dev/null; else meson setup $(BUILD) >/dev/null; fi
	@touch $@

$(BUILD)/wijkregie: $(BUILD)/build.ninja FORCE
	@ninja -C $(BUILD) | grep -v '^ninja: no work to do' || true
	@test -x $@

$(CHECK_BUILD)/build.ninja: meson.build src/meson.build tests/meson.build $(EMBED_DIRS) $(EMBED_FILES)
	@if [ -f $@ ]; then meson setup --reconfigure $(CHECK_BUILD) >/dev/null; \
	 else meson setup $(CHECK_BUILD) -Db_sanitize=address,undefined -Db_lundef=false -Dbuildtype=debug >/dev/null; fi
	@touch $@

FORCE:

run: all
	@$(BUILD)/wijkregie init --config $(RUN_CONFIG) --data $(DATA) --demo
	@tools/print-demo-accounts.sh $(LISTEN) $(BUILD)/wijkregie $(DATA) $(RUN_CONFIG)
	@exec $(BUILD)/wijkregie serve --config $(RUN_CONFIG) --data $(DATA) --listen $(LISTEN)

check: deps static $(CHECK_BUILD)/build.ninja
	@tools/check.sh $(CHECK_BUILD) $(FUZZ_BUILD)

bench: all
	@tools/deps.sh bench
	@tools/bench.sh $(BUILD)

fuzz: deps
	@tools/fuzz.sh $(FUZZ_BUILD) $(FUZZ_SECONDS)

clean:
	rm -rf $(BUILD) $(CHECK_BUILD) $(FUZZ_BUILD) static/vendor tests/browser/out
