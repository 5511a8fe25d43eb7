#pragma once
// How idle OpenMP threads wait, chosen before the runtime starts.
//
// GNU libgomp spins at a barrier for GOMP_SPINCOUNT iterations (300 000 by
// default) before it sleeps. On a machine where another process holds a core,
// a spinning thread takes the time slice its partner needs to reach the
// barrier, and a run with more threads than free cores becomes many times
// slower than with one (the 50 000-vehicle case: 17 s at -j 2 beside a busy
// process, 1.7 s at -j 1). libgomp reads its environment once, when the
// library is loaded, so a setenv in a main that links it is too late (a
// DT_PREINIT_ARRAY hook is too: glibc's own initialisation, which runs after
// it, sets `environ` back). The `floodevac` program is therefore a small
// launcher (app/launcher.cpp) that links neither OpenMP nor GDAL: it sets the
// wait policy, then loads the rest of the program (libfloodevac_cli.so) with
// dlopen, so libgomp starts with the setting and nothing is loaded twice.
//
// Policy: when the user has set neither OMP_WAIT_POLICY nor GOMP_SPINCOUNT,
// floodevac runs with GOMP_SPINCOUNT=1000 (the bounded spin libgomp itself
// uses when threads outnumber the processors), i.e. a short spin, then sleep.
// Set OMP_WAIT_POLICY=active (or any GOMP_SPINCOUNT) to keep your own choice;
// FLOODEVAC_OMP_WAIT=keep keeps the runtime's default.
#include <string>

namespace floodevac::app {

/// Call in the launcher, before libgomp is loaded: sets GOMP_SPINCOUNT=1000
/// (and FLOODEVAC_OMP_WAIT=bounded) unless the user chose a wait policy.
void bound_omp_spinning();

/// How OpenMP threads wait in this process, for `--version` ("bounded spin,
/// GOMP_SPINCOUNT=1000 (set at start …)", "the user's: OMP_WAIT_POLICY=passive", ...).
std::string omp_wait_description();

}  // namespace floodevac::app
