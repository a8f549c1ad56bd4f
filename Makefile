# LEVL pipeline: raw survey exports → validated, pseudonymised data → statistics → Dutch reports.
# Every output is a real file target that depends on its inputs, its codebook and its stage's code,
# so `make all` redoes only what changed. Run `make help` for the targets.

SHELL := /bin/bash
.DEFAULT_GOAL := help
# No .DELETE_ON_ERROR: every stage writes its outputs atomically (pipeline/io.py), so a failed or
# killed stage leaves the last good report, tables and data byte-identical instead of deleting
# them. A failed stage still reruns next time: its outputs stay older than its inputs.

# The Python that makes the environment (3.11, 3.12 or 3.13): `make all PYTHON=python3.12`.
PYTHON ?= python3
VENV ?= .venv
PY := $(VENV)/bin/python
# The stamp names the Python version, so a .venv made by another Python is recreated.
PYVER := $(shell $(PYTHON) -c 'import sys; print("%d.%d" % sys.version_info[:2])' 2>/dev/null)
ENV := $(VENV)/.installed-$(or $(PYVER),none)
# python -m pipeline.warm is python -m pipeline; under `make all` its stages share one set of imports (below)
RUN := $(PY) -m pipeline.warm

SURVEYS := $(patsubst surveys/%/codebook.yml,%,$(wildcard surveys/*/codebook.yml))
CAMPAIGNS := $(patsubst surveys/%/config.yml,%,$(wildcard surveys/*/config.yml))
CONSULTATIONS := $(SURVEYS) $(CAMPAIGNS)

# The code each stage runs: changing it rebuilds that stage and what follows, nothing else.
CORE := pipeline/__init__.py pipeline/__main__.py pipeline/errors.py pipeline/failures.py pipeline/io.py pipeline/codebook.py pipeline/codebook_checks.py \
        pipeline/vocabulary.py pipeline/fmt.py
ANSWERS := pipeline/answers.py pipeline/municipalities.py pipeline/reference/municipalities_2019_2024.csv
INGEST_CODE := $(CORE) $(ANSWERS) pipeline/stages/ingest.py $(wildcard pipeline/readers/*.py) pipeline/privacy.py pipeline/pseudonyms.py $(wildcard pipeline/coding.py)
VALIDATE_CODE := $(CORE) $(ANSWERS) pipeline/stages/validate.py pipeline/schema.py
CLEAN_CODE := $(CORE) $(ANSWERS) pipeline/stages/clean.py pipeline/schema.py
ANALYSE_CODE := $(CORE) pipeline/stages/analyse.py pipeline/publish.py $(wildcard pipeline/stats/*.py) $(wildcard pipeline/analyses/*.py pipeline/analyses/*/*.py)
CAMPAIGN_CODE := $(CORE) $(wildcard pipeline/campaign/*.py) $(wildcard pipeline/reference/*)
STYLE_CODE := pipeline/fmt.py pipeline/publish.py $(wildcard pipeline/charts/*.py) $(wildcard pipeline/style/*)
REPORT_CODE := $(CORE) $(STYLE_CODE) pipeline/stages/report.py pipeline/provenance.py pipeline/pseudonyms.py \
               $(wildcard pipeline/report/*.py) $(wildcard pipeline/analyses/*.py pipeline/analyses/*/*.py) $(wildcard pipeline/templates/*)
CHARTS_CODE := $(CORE) $(STYLE_CODE) pipeline/stages/charts.py $(wildcard pipeline/analyses/*.py pipeline/analyses/*/*.py)
COMPARE_CODE := $(CORE) pipeline/stages/compare.py $(wildcard pipeline/analyses/waves/*.py) pipeline/stages/analyse.py \
                $(wildcard pipeline/stats/*.py)

REPORTS := $(foreach c,$(CONSULTATIONS),reports/$(c)/$(c).html reports/$(c)/$(c).pdf reports/$(c)/$(c).docx)
CHARTS := $(foreach c,$(CONSULTATIONS),reports/$(c)/charts/index.html)
# Never deleted by make, not even when a recipe is interrupted (Ctrl-C): they are written atomically, so the
# previous good file stays. Named one by one: a pattern (processed/%.parquet) protects only the files of pattern
# rules, and these rules are explicit, so make deleted ingested.parquet when Ctrl-C came during its chain.
PRECIOUS_FILES := $(REPORTS) $(CHARTS) reports/overzicht/overzicht.html \
  $(foreach s,$(SURVEYS),$(addprefix processed/$(s)/,ingested.parquet validated.parquet clean.parquet estimates.csv changes.csv)) \
  $(foreach c,$(CONSULTATIONS),reports/$(c)/tabellen.xlsx) $(foreach c,$(CAMPAIGNS),processed/$(c)/summary.json)
.PRECIOUS: $(PRECIOUS_FILES)

.PHONY: help all build env test test-fast notebooks charts reports lab bench lock clean distclean

help: ## List the targets
	@echo "LEVL pipeline. Consultations: $(CONSULTATIONS)"
	@grep -hE '^[a-zA-Z_-]+:.*## ' $(MAKEFILE_LIST) | sed -E 's/:[^#]*## /\t/' | awk -F'\t' '{printf "  make %-10s %s\n", $$1, $$2}'

# Independent consultations build in parallel, one job per core (`make all JOBS=1` for one at a
# time; a `make -jN all` of your own is kept). Each stage prints its line ("[id] stage …") the moment
# it ends, and a failure message (naming its file or consultation) is written whole, each in one write
# (pipeline/io.py, pipeline/failures.py), so the lines of two consultations may alternate but not mix.
# (make's --output-sync held back a consultation's lines until its last stage, its report, was done.)
JOBS ?= $(shell nproc 2>/dev/null || sysctl -n hw.ncpu 2>/dev/null || echo 2)
# recursive (=): MAKEFLAGS holds the -jN of the command line only in a recipe, not while make reads this file
PARALLEL = $(if $(filter -j%,$(MAKEFLAGS)),,-j$(JOBS))

all: ## Set up the environment if needed and build every report, chart and table (a failing consultation does not stop the others)
	@$(WARM) $(MAKE) --no-print-directory -k $(PARALLEL) build 2> >($(QUIET_MAKE) >&2) || { $(if $(QUESTION),,$(LIST_FAILED);) exit 1; }

# The stages of one `make all` fork from one Python that imported pandas, matplotlib, scipy … once
# (pipeline/warm.py): LEVL_WARM names its socket, in a new folder that is removed when make is done (the
# server then stops). Without it (mktemp failed, or a rule run on its own) each stage starts its own Python.
WARM = warm=$$(mktemp -d "$${TMPDIR:-/tmp}/levl-make.XXXXXX" 2>/dev/null) || warm=""; \
       trap '[ -z "$$warm" ] || rm -rf "$$warm"' EXIT; LEVL_WARM=$${warm:+$$warm/stages.sock}

# make's own English lines about a recipe that failed ("make[1]: *** [Makefile:151: processed/x/ingested.parquet]
# Error 1", "Target 'build' not remade because of errors.") say nothing the stage's Dutch message and the list of
# failed consultations below do not; every other line of make (a missing file, a rule error) is kept
QUIET_MAKE = grep --line-buffered -v -E "^make\[[0-9]+\]: (\*\*\* \[[^]]*\] (Error [0-9]+|Interrupt)|Target '[^']*' not remade because of errors\.)$$"

# The DAG itself; `all` runs it with -k so that one consultation's failure does not stop the others.
# (its prerequisites are listed below, once the waves are read: BUILD_ORDER)

# `make -q all` (is everything up to date?) prints no listing
QUESTION := $(strip $(findstring q,$(filter-out --%,$(firstword $(MAKEFLAGS)))))
# After a failed build: the consultations whose stages left a marker (pipeline/failures.py).
define LIST_FAILED
failed=""; \
for c in $(CONSULTATIONS) overzicht; do \
  for m in processed/$$c/errors/failed-*; do [ -e "$$m" ] && failed="$$failed\n  - $$c (stap $${m##*/failed-})"; done; \
done; \
if [ -n "$$failed" ]; then \
  echo -e "\nmake all: niet alles kon gebouwd worden. Mislukt:$$failed" >&2; \
  echo "De melding van elke mislukte stap staat hierboven. Los die op en voer \`make all\` opnieuw uit;" \
       "de andere raadplegingen zijn wel bijgewerkt en de vorige uitvoer van de mislukte is niet aangeraakt." >&2; \
else \
  echo -e "\nmake all: niet alles kon gebouwd worden. De melding staat hierboven: los het probleem op en voer" \
          "\`make all\` opnieuw uit (de vorige uitvoer is niet aangeraakt)." >&2; \
fi
endef

env: $(ENV) ## Create .venv and install the locked dependencies

reports: $(REPORTS) ## Build the HTML, PDF and Word reports only

charts: $(CHARTS) ## Export every chart (SVG, PNG 300 dpi, social sizes, alt text), gallery and tabellen.xlsx

# Checks the Python version first (an unsupported one: one message, no .venv), recreates a .venv
# made by another Python or left half-made, and installs the hashed lock with uv (pip as fallback).
$(ENV): requirements.lock pyproject.toml pipeline/setup_env.py
	@command -v $(PYTHON) >/dev/null 2>&1 || { echo "Probleem met de installatie: '$(PYTHON)' niet gevonden; installeer Python 3.11, 3.12 of 3.13 en kies het met bv. 'make all PYTHON=python3.12'." >&2; exit 1; }
	@$(PYTHON) pipeline/setup_env.py $(VENV)

# ---- survey consultations: ingest → validate → clean → analyse → report / charts -----------------
# A stage that rewrote its output makes every stage after it stale, so its rule runs them too, in the
# same process (`--then`, pipeline/__main__.py): one Python start and one import of pandas per
# consultation instead of one per stage. make then finds their outputs newer than their inputs and
# skips their own rules; each rule still runs alone when only its own code or inputs changed.
# A rule whose outputs are all newer than all its prerequisites has just been run by a stage before
# it (--then): its recipe starts no Python. (make compares times it read before the stages ran, so it
# still calls the rule; `make -B` runs everything.)
ALWAYS := $(strip $(findstring B,$(filter-out --%,$(firstword $(MAKEFLAGS)))))
fresh = $(if $(ALWAYS),false,( for t in $(1); do for p in $^; do [ "$$t" -nt "$$p" ] || exit 1; done; done ))
# the stages after this one, in the same process; with make -B every rule runs its own stage only, and so does a
# rule with no stage after it in its chain (analyse of a consultation with waves: its charts wait for the comparison)
then = $(if $(ALWAYS),,$(if $(strip $(1)),--then $(1)))
# The outputs depend on the locked package versions (requirements.lock), not on when .venv was last
# installed: $(ENV) is order-only, so re-running the install (or another checkout sharing the
# environment) does not rebuild every consultation and `make -q all` stays true.
# The folder raw/<id> is a prerequisite too: removing a file from it changes the folder's time.
# A consultation that repeats an earlier one names it in its codebook (`waves:` with `earlier: <id>`,
# docs/waves.md); make reads that line itself, so that no Python starts before the environment exists.
earlier_of = $(shell sed -nE '/^waves:/,/^[^[:space:]#]/s/.*[{[:space:],]earlier:[[:space:]]*["'"'"']?([a-z][a-z0-9_]*).*/\1/p' surveys/$(1)/codebook.yml)
$(foreach s,$(SURVEYS),$(eval EARLIER_$(s) := $(call earlier_of,$(s))))
# the same people in both waves (`design: paired`): the later wave's analysis reads the earlier wave's tables
paired_of = $(shell sed -nE '/^waves:/,/^[^[:space:]#]/s/.*[{[:space:],]design:[[:space:]]*["'"'"']?(paired)([^a-z0-9_].*)?$$/\1/p' surveys/$(1)/codebook.yml)
$(foreach s,$(SURVEYS),$(eval PAIRED_$(s) := $(if $(EARLIER_$(s)),$(call paired_of,$(s)))))

# make starts jobs in the order of the build's prerequisites (and starts again from the first whenever it has gone
# through them all): a wave that is compared with later, then the later wave, whose chain runs on through the
# comparison when the earlier tables are there (below); then the others
LATER_WAVES := $(foreach s,$(SURVEYS),$(if $(EARLIER_$(s)),$(s)))
BUILD_ORDER := $(foreach s,$(LATER_WAVES),$(filter $(CONSULTATIONS),$(EARLIER_$(s))) $(s))
BUILD_ORDER += $(filter-out $(BUILD_ORDER),$(CONSULTATIONS))
build: $(ENV) $(foreach c,$(BUILD_ORDER),reports/$(c)/$(c).html reports/$(c)/$(c).pdf reports/$(c)/$(c).docx \
         reports/$(c)/charts/index.html reports/$(c)/tabellen.xlsx) reports/overzicht/overzicht.html
# the make a stage asks whether the earlier wave's tables are up to date (`--earlier-built`, pipeline/__main__.py)
export LEVL_MAKE := $(MAKE)

# The files in raw/<id>/ (README.md aside). make splits a file name at its spaces ("Form Responses 1 (1).csv"
# became the prerequisites 'raw/x/Form', 'Responses', … and an English "No rule to make target"): the words
# that are no file are left out here, and the consultation's first stage says in Dutch to rename the file
# (a name make cannot follow would leave a changed export unnoticed).
raw_files = $(wildcard $(filter-out %/README.md,$(wildcard raw/$(1)/*)))
spaced = $(shell find raw/$(1) -maxdepth 1 -type f -name '* *' 2>/dev/null | sed 's/^/"/; s/$$/"/' | head -3)
define refuse_spaces
{ echo "[$(1)] $(2)  Probleem: make kan een bestandsnaam met spaties niet volgen: $(subst ",',$(3))." \
       "Hernoem het bestand zonder spaties (bv. met _ in plaats van elke spatie), pas export.file in het codeboek aan" \
       "als het de export is, en voer \`make all\` opnieuw uit." >&2; \
  mkdir -p processed/$(1)/errors && echo $(2) > processed/$(1)/errors/failed-$(2); exit 1; }
endef

# the images a report's Markdown cells show, beside its report.py (pipeline/report/render.py copy_images)
report_images = $(wildcard $(foreach e,png jpg jpeg gif svg,surveys/$(1)/*.$(e) surveys/$(1)/*/*.$(e)))

define SURVEY_RULES
# the analysis of a later wave of the same people waits for the earlier wave's tables: the two publications are
# protected together (pipeline/analyses/waves/linked.py)
EARLIER_TABLES_$(1) := $$(if $$(PAIRED_$(1)),processed/$$(EARLIER_$(1))/clean.parquet processed/$$(EARLIER_$(1))/estimates.csv)
# The stages after analyse in a chain: charts, and the report unless it reads another consultation's tables
# (surveys/<id>/report.mk: its own rule waits for them). A later wave's chain goes on through the comparison
# (and, paired, its analysis) only when make finds the earlier wave's tables up to date at that moment
# (`--earlier-built`: the stage that reads them first, and the files): in a clean build the earlier wave is built
# first (BUILD_ORDER) and the later one then runs from start to end as one job. Otherwise its chain ends before
# that stage and make runs the rest by their own rules: they had waited for a free job behind other
# consultations' chains, and a clean build ended with that wave's charts and report alone on one core
# (docs/benchmarks.md, twelfth session).
REPORT_AFTER_$(1) := $$(if $$(wildcard surveys/$(1)/report.mk),,report)
EARLIER_GATE_$(1) := $$(if $$(PAIRED_$(1)),analyse $$(EARLIER_TABLES_$(1)),compare processed/$$(EARLIER_$(1))/estimates.csv)
AFTER_CLEAN_$(1) := analyse $$(if $$(EARLIER_$(1)),compare) charts $$(REPORT_AFTER_$(1)) \
                    $$(if $$(EARLIER_$(1)),--earlier-built $$(EARLIER_GATE_$(1)))
AFTER_ANALYSE_$(1) := $$(if $$(EARLIER_$(1)),compare) charts $$(REPORT_AFTER_$(1)) \
                      $$(if $$(EARLIER_$(1)),--earlier-built compare processed/$$(EARLIER_$(1))/estimates.csv)
SPACED_$(1) := $$(call spaced,$(1))
processed/$(1)/ingested.parquet: raw/$(1) $$(call raw_files,$(1)) surveys/$(1)/codebook.yml $$(INGEST_CODE) requirements.lock | $$(ENV)
	@$$(if $$(SPACED_$(1)),$$(call refuse_spaces,$(1),ingest,$$(SPACED_$(1))))
	@$$(RUN) ingest $(1) $$(call then,validate clean $$(AFTER_CLEAN_$(1)))
processed/$(1)/validated.parquet: processed/$(1)/ingested.parquet surveys/$(1)/codebook.yml $$(VALIDATE_CODE)
	@$$(call fresh,$$@) || $$(RUN) validate $(1) $$(call then,clean $$(AFTER_CLEAN_$(1)))
processed/$(1)/clean.parquet: processed/$(1)/validated.parquet surveys/$(1)/codebook.yml $$(CLEAN_CODE)
	@$$(call fresh,$$@) || $$(RUN) clean $(1) $$(call then,$$(AFTER_CLEAN_$(1)))
processed/$(1)/estimates.csv: processed/$(1)/clean.parquet surveys/$(1)/codebook.yml $$(ANALYSE_CODE) $$(EARLIER_TABLES_$(1))
	@$$(call fresh,$$@) || $$(RUN) analyse $(1) $$(call then,$$(AFTER_ANALYSE_$(1)))
reports/$(1)/$(1).html reports/$(1)/$(1).pdf reports/$(1)/$(1).docx &: processed/$(1)/estimates.csv surveys/$(1)/report.py $$(REPORT_CODE) $$(call report_images,$(1))
	@$$(call fresh,reports/$(1)/$(1).html reports/$(1)/$(1).pdf reports/$(1)/$(1).docx) || $$(RUN) report $(1)
reports/$(1)/charts/index.html reports/$(1)/tabellen.xlsx &: processed/$(1)/estimates.csv surveys/$(1)/codebook.yml $$(CHARTS_CODE)
	@$$(call fresh,reports/$(1)/charts/index.html reports/$(1)/tabellen.xlsx) || $$(RUN) charts $(1)
endef
$(foreach s,$(SURVEYS),$(eval $(call SURVEY_RULES,$(s))))

# ---- waves: a consultation compared with its earlier wave (docs/waves.md) ---------------------------
# the comparison waits for both waves' tables; a change in either wave's export redoes it, and this
# consultation's charts and report after it, and nothing else
define WAVES_RULES
processed/$(1)/changes.csv: processed/$(1)/estimates.csv processed/$(2)/estimates.csv surveys/$(1)/codebook.yml surveys/$(2)/codebook.yml $$(COMPARE_CODE)
	@$$(call fresh,$$@) || $$(RUN) compare $(1) $$(call then,charts report)
reports/$(1)/$(1).html reports/$(1)/$(1).pdf reports/$(1)/$(1).docx reports/$(1)/charts/index.html reports/$(1)/tabellen.xlsx: processed/$(1)/changes.csv
endef
$(foreach s,$(SURVEYS),$(if $(EARLIER_$(s)),$(eval $(call WAVES_RULES,$(s),$(EARLIER_$(s))))))

# ---- campaign analyses ("Ik stem ook") ----------------------------------------------------------
define CAMPAIGN_RULES
SPACED_$(1) := $$(call spaced,$(1))
processed/$(1)/summary.json: raw/$(1) $$(call raw_files,$(1)) surveys/$(1)/config.yml $$(CAMPAIGN_CODE) requirements.lock | $$(ENV)
	@$$(if $$(SPACED_$(1)),$$(call refuse_spaces,$(1),campaign,$$(SPACED_$(1))))
	@$$(RUN) campaign $(1) $$(call then,charts report)
reports/$(1)/$(1).html reports/$(1)/$(1).pdf reports/$(1)/$(1).docx &: processed/$(1)/summary.json surveys/$(1)/report.py $$(REPORT_CODE) $$(CAMPAIGN_CODE)
	@$$(call fresh,reports/$(1)/$(1).html reports/$(1)/$(1).pdf reports/$(1)/$(1).docx) || $$(RUN) report $(1)
reports/$(1)/charts/index.html reports/$(1)/tabellen.xlsx &: processed/$(1)/summary.json $$(CHARTS_CODE) $$(CAMPAIGN_CODE)
	@$$(call fresh,reports/$(1)/charts/index.html reports/$(1)/tabellen.xlsx) || $$(RUN) charts $(1)
endef
$(foreach c,$(CAMPAIGNS),$(eval $(call CAMPAIGN_RULES,$(c))))

# Extra dependencies of a report on another consultation's outputs (e.g. a shared chapter).
-include $(wildcard surveys/*/report.mk)

# ---- the roll-up of every consultation ------------------------------------------------------------
reports/overzicht/overzicht.html: $(foreach c,$(CONSULTATIONS),reports/$(c)/$(c).html) pipeline/stages/overview.py $(CORE) \
                                  $(wildcard surveys/*/codebook.yml surveys/*/config.yml)
	@$(RUN) overview all

# ---- tests, notebooks, benchmarks ----------------------------------------------------------------
test: $(ENV) ## Run every test (unit, end-to-end with real renders) and execute every notebook
	$(PY) -m pytest -q --durations=15
	$(MAKE) --no-print-directory notebooks

test-fast: $(ENV) ## Run the tests without the slow end-to-end builds
	$(PY) -m pytest -q -m "not slow"

DATA := $(foreach s,$(SURVEYS),processed/$(s)/clean.parquet) $(foreach c,$(CAMPAIGNS),processed/$(c)/summary.json)

notebooks: $(ENV) $(DATA) ## Execute every exploration notebook headless (fails when one breaks)
	$(PY) -m pipeline.notebooks

$(VENV)/.installed-dev: $(ENV) requirements-dev.lock
	@$(PYTHON) pipeline/setup_env.py $(VENV) --dev

lab: $(VENV)/.installed-dev ## Open JupyterLab with the project's kernel (installs it once)
	$(VENV)/bin/jupyter lab --notebook-dir=surveys

bench: $(ENV) ## Run the benchmarks; writes reports/benchmarks/results.{json,md}
	$(PY) -m benchmarks.run

UV_COMPILE = $(VENV)/bin/uv pip compile pyproject.toml --universal --generate-hashes --no-header --quiet

lock: $(ENV) ## Re-resolve pyproject.toml's ranges into the hashed, cross-platform lock files (uv)
	@test -x $(VENV)/bin/uv || $(PY) -m pip install --quiet uv
	@# uv writes to a file (with --quiet it prints nothing to "-o -"); an empty result never replaces a lock
	$(UV_COMPILE) --extra test --python-version 3.11 -o requirements.lock.body
	{ echo "# Exact versions and hashes of every package, for Python 3.11–3.13 on Linux, macOS and Windows."; \
	  echo "# Regenerate with: make lock   (uv pip compile --universal --generate-hashes from pyproject.toml)"; \
	  cat requirements.lock.body; } > requirements.lock.new
	$(UV_COMPILE) --extra test --extra dev --python-version 3.11.5 -c requirements.lock.new -o requirements-dev.lock.body
	{ echo "# requirements.lock plus JupyterLab (make lab), for Python 3.11.5–3.13 on Linux, macOS and Windows."; \
	  echo "# Regenerate with: make lock"; \
	  cat requirements-dev.lock.body; } > requirements-dev.lock.new
	grep -q -- "--hash=sha256:" requirements.lock.new && grep -q -- "--hash=sha256:" requirements-dev.lock.new
	mv requirements.lock.new requirements.lock && mv requirements-dev.lock.new requirements-dev.lock
	rm -f requirements.lock.body requirements-dev.lock.body

clean: ## Remove every generated file under processed/ and reports/ (raw/ is never touched)
	find processed reports -mindepth 1 -not -name README.md -delete

distclean: clean ## Also remove the environment (.venv); `make all` makes it again
	rm -rf $(VENV)
