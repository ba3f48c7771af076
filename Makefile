# Samman. `make run` and `make test` install what is missing (Debian packages, npm), build, and go.
.PHONY: run test build bench bench-stats web format clean

run:
	scripts/run.sh

test:
	scripts/test.sh

build:
	scripts/bootstrap.sh
	scripts/build.sh

web:
	cd web && npm run build

format:
	clang-format -i $$(git ls-files 'src/*.cc' 'src/*.h' 'tests/*.cc' 'tests/*.h')

clean:
	rm -rf build web/dist

bench:
	bench/run.sh

bench-stats:
	bench/stats.sh
