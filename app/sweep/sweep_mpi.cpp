// The MPI half of a sweep (built with FLOODEVAC_MPI). Rank 0 hands member
// indices to idle ranks (tag kTask: {member, threads}; -1 quit, -2 cancel and
// quit); a rank answers with tag kResult: {member, exit code, signal, wall s}.
// Members write into the sweep folder themselves, so the folder must be on a
// file system every node sees (docs/sweeps.md).
#include <mpi.h>
#include <signal.h>

#include <chrono>
#include <cstdlib>
#include <map>
#include <thread>

#include "app/sweep/sweep_mpi.hpp"
#include "sim/core/error.hpp"

namespace floodevac::app::sweep {
namespace {

constexpr int kTask = 1;
constexpr int kResult = 2;

bool launched_by_mpi() {
  for (const char* v : {"OMPI_COMM_WORLD_SIZE", "PMI_SIZE", "PMIX_RANK", "PMI_RANK"})
    if (std::getenv(v)) return true;
  return false;
}

int env_int(const char* name, int fallback) {
  const char* v = std::getenv(name);
  if (!v) return fallback;
  const int x = std::atoi(v);
  return x > 0 ? x : fallback;
}

class MpiWorkers final : public RemoteWorkers {
 public:
  MpiWorkers(int size, std::vector<int> member_of_task)
      : size_(size), member_of_task_(std::move(member_of_task)) {
    for (std::size_t t = 0; t < member_of_task_.size(); ++t)
      task_of_member_[member_of_task_[t]] = static_cast<int>(t);
  }
  ~MpiWorkers() override {
    if (!finished_) finish(false);
  }
  int count() const override { return size_ - 1; }
  void start(int worker, int task, int threads) override {
    int msg[2] = {member_of_task_[static_cast<std::size_t>(task)], threads};
    MPI_Send(msg, 2, MPI_INT, worker + 1, kTask, MPI_COMM_WORLD);
  }
  std::optional<std::pair<int, WorkerResult>> poll() override {
    int flag = 0;
    MPI_Status st;
    MPI_Iprobe(MPI_ANY_SOURCE, kResult, MPI_COMM_WORLD, &flag, &st);
    if (!flag) return std::nullopt;
    double msg[4];
    MPI_Recv(msg, 4, MPI_DOUBLE, st.MPI_SOURCE, kResult, MPI_COMM_WORLD, MPI_STATUS_IGNORE);
    WorkerResult r;
    r.task = task_of_member_.at(static_cast<int>(msg[0]));
    r.exit.exit_code = static_cast<int>(msg[1]);
    r.exit.signal = static_cast<int>(msg[2]);
    r.wall_s = msg[3];
    r.rank = st.MPI_SOURCE;
    return std::make_pair(st.MPI_SOURCE - 1, r);
  }
  void finish(bool cancel) override {
    if (finished_) return;
    finished_ = true;
    for (int w = 1; w < size_; ++w) {
      int msg[2] = {cancel ? -2 : -1, 0};
      MPI_Send(msg, 2, MPI_INT, w, kTask, MPI_COMM_WORLD);
    }
  }

 private:
  int size_;
  std::vector<int> member_of_task_;
  std::map<int, int> task_of_member_;
  bool finished_ = false;
};

}  // namespace

bool mpi_built() { return true; }

MpiSession::MpiSession() {
  if (!launched_by_mpi()) return;
  int inited = 0;
  MPI_Initialized(&inited);
  if (!inited) MPI_Init(nullptr, nullptr);
  active_ = true;
  MPI_Comm_rank(MPI_COMM_WORLD, &rank_);
  MPI_Comm_size(MPI_COMM_WORLD, &size_);
  local_size_ = env_int("OMPI_COMM_WORLD_LOCAL_SIZE", env_int("SLURM_NTASKS_PER_NODE", 1));
}

MpiSession::~MpiSession() {
  if (active_) MPI_Finalize();
}

bool MpiSession::all_ok(bool ok) const {
  if (!active_) return ok;
  int in = ok ? 1 : 0, out = 0;
  MPI_Allreduce(&in, &out, 1, MPI_INT, MPI_MIN, MPI_COMM_WORLD);
  return out == 1;
}

std::unique_ptr<RemoteWorkers> mpi_workers(const MpiSession& mpi, std::vector<int> member_of_task) {
  if (mpi.size() <= 1) return nullptr;
  return std::make_unique<MpiWorkers>(mpi.size(), std::move(member_of_task));
}

void mpi_serve(const MpiSession& mpi,
               const std::function<std::vector<std::string>(int, int)>& command,
               const std::function<std::filesystem::path(int)>& log_file,
               const std::function<bool()>& cancelled) {
  (void)mpi;
  using clock = std::chrono::steady_clock;
  pid_t child = -1;
  int member = -1;
  clock::time_point start;
  bool stop_signalled = false;
  while (true) {
    if (cancelled() && child > 0 && !stop_signalled) {
      kill(child, SIGTERM);
      stop_signalled = true;
    }
    int flag = 0;
    MPI_Iprobe(0, kTask, MPI_COMM_WORLD, &flag, MPI_STATUS_IGNORE);
    if (flag) {
      int msg[2];
      MPI_Recv(msg, 2, MPI_INT, 0, kTask, MPI_COMM_WORLD, MPI_STATUS_IGNORE);
      if (msg[0] < 0) {
        if (child > 0) {
          if (msg[0] == -2 && !stop_signalled) kill(child, SIGTERM);
          while (true) {  // wait for the member (it writes its manifest) before leaving
            auto c = wait_child(true);
            if (!c || c->first == child) break;
          }
        }
        return;
      }
      member = msg[0];
      child = spawn_member(command(member, msg[1]), log_file(member));
      start = clock::now();
      stop_signalled = false;
      continue;
    }
    if (child > 0) {
      if (auto c = wait_child(false); c && c->first == child) {
        double res[4] = {static_cast<double>(member), static_cast<double>(c->second.exit_code),
                         static_cast<double>(c->second.signal),
                         std::chrono::duration<double>(clock::now() - start).count()};
        MPI_Send(res, 4, MPI_DOUBLE, 0, kResult, MPI_COMM_WORLD);
        child = -1;
        continue;
      }
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
}

}  // namespace floodevac::app::sweep
