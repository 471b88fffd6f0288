# Trellis front door. Every target sets up what it needs on a fresh Debian machine, then runs.
#   make build   compile everything and write the launchers' classpaths (bin/*)
#   make test    run every module's tests (what CI runs)
#   make demo    run the guided demo in the local lab
#   make bench   run the benchmarks against peers
#   make images  build the container images (needs a working docker, podman or buildah)
SHELL := /bin/bash
JAVA_HOME ?= $(shell scripts/find-jdk.sh)
export JAVA_HOME
MVN := mvn -B -ntp -Dstyle.color=never
export MAVEN_OPTS ?= -Xmx1g -XX:+UseSerialGC -XX:TieredStopAtLevel=1

.PHONY: build test demo bench images setup clean

setup:
	@scripts/setup.sh

build: setup
	$(MVN) -DskipTests install

test: setup
	$(MVN) install
	@scripts/packaging-check.sh

demo: build
	@bin/meshctl demo

bench: build
	@bench/run.sh

images:
	@packaging/images/build.sh

clean:
	$(MVN) -q clean
