#pragma once
// How idle OpenMP threads wait, chosen before the runtime starts.
//
// GNU libgomp spins at a barrier for GOMP_SPINCOUNT iterations (300 000 by
// default) before it sleeps. On a machine where another process holds a core,
// a spinning thread takes the time slice its partner needs to reach the
// barrier, and a run with more threads than free cores becomes many times
// slower than with one (the 50 000-vehicle case: 17 s at -j 2 beside a busy
// process, 1.7 s at -j 1). libgomp reads its environment once, when the
// library is loaded (before main), so a setenv in main is too late: the
// program sets the wait policy and executes itself again (≈ 0.08 s). A
// DT_PREINIT_ARRAY hook does not work instead: glibc's own initialisation,
// which runs after it, sets `environ` back to the original array.
//
// Policy: when the user has set neither OMP_WAIT_POLICY nor GOMP_SPINCOUNT,
// floodevac runs with GOMP_SPINCOUNT=1000 (the bounded spin libgomp itself
// uses when threads outnumber the processors), i.e. a short spin, then sleep.
// Set OMP_WAIT_POLICY=active (or any GOMP_SPINCOUNT) to keep your own choice;
// FLOODEVAC_OMP_WAIT=keep turns the re-execution off.
#include <string>

namespace floodevac::app {

/// Call first in main. Returns only when nothing is to be changed or the
/// re-execution failed (the run then continues with the runtime's default).
void bound_omp_spinning(int argc, char** argv);

/// How OpenMP threads wait in this process, for `--version` ("bounded spin,
/// GOMP_SPINCOUNT=1000 (set by a restart …)", "the user's: OMP_WAIT_POLICY=passive", ...).
std::string omp_wait_description();

}  // namespace floodevac::app
