// What the report shows of a run: the water charts follow the mass-balance
// records, and every output is linked with its description and unit.
#include <gtest/gtest.h>

#include "app/mass_balance_log.hpp"
#include "app/outputs.hpp"
#include "app/report_data.hpp"
#include "tests/support/temp_dir.hpp"

namespace floodevac::app {
namespace {

MassBalanceLog two_records() {
  MassBalanceLog log;
  flood::MassBalance mb;
  mb.initial_storage_m3 = mb.storage_m3 = 100;
  log.record(mb);
  mb.time_s = 3600;
  mb.rain_m3 = 50;
  mb.boundary_out_m3 = 20;
  mb.storage_m3 = 131;  // one m3 too many: relative error 1 / 150
  log.record(mb);
  return log;
}

TEST(MassBalanceLog, WorstErrorCsvAndJson) {
  const MassBalanceLog log = two_records();
  EXPECT_DOUBLE_EQ(log.worst_relative_error(), 1.0 / 150.0);
  const std::string csv = log.csv();
  EXPECT_EQ(csv.substr(0, csv.find('\n')),
            "time_s,storage_m3,rain_m3,inflow_m3,boundary_in_m3,boundary_out_m3,losses_m3,relative_"
            "error");
  EXPECT_NE(csv.find("\n3600.0,1.310000e+02,5.000000e+01,"), std::string::npos) << csv;
  const auto j = log.to_json();
  EXPECT_EQ(j["records"].size(), 2u);
  EXPECT_DOUBLE_EQ(j["records"][1]["relative_error"].get<double>(), 1.0 / 150.0);
}

TEST(ReportData, WaterChartsFollowTheRecordsInHours) {
  const auto charts = water_charts(two_records());
  ASSERT_EQ(charts.size(), 2u);
  const auto& water = charts[0];
  EXPECT_EQ(water.x, (std::vector<double>{0.0, 1.0}));
  ASSERT_EQ(water.series.size(), 5u);
  EXPECT_EQ(water.series[0].name, "stored");
  EXPECT_EQ(water.series[0].y, (std::vector<double>{100.0, 131.0}));
  EXPECT_TRUE(water.series[4].dashed);  // boundary out
  EXPECT_EQ(charts[1].series[0].y.back(), 1.0 / 150.0);
}

TEST(ReportData, ReportLinksEveryOutputWithItsUnit) {
  test::TempDir dir;
  OutputSet outputs(dir.path(), {});
  outputs.folder("evac");
  outputs.text("evac/timeseries.csv", "t_s\n", "timeseries", "persons by state", "persons");
  outputs.text("summary.txt", "text", "summary", "human-readable summary", "");
  const viz::Report rep = run_report("town", "text", two_records(), nullptr, outputs);
  EXPECT_EQ(rep.title, "floodevac run: town");
  EXPECT_EQ(rep.summary, "text");
  EXPECT_EQ(rep.charts.size(), 2u);  // no evacuation: the water charts only
  ASSERT_EQ(rep.outputs.size(), 2u);
  EXPECT_EQ(rep.outputs[0].path, "evac/timeseries.csv");
  EXPECT_EQ(rep.outputs[0].description, "persons by state (persons)");
  EXPECT_EQ(rep.outputs[1].description, "human-readable summary");
}

}  // namespace
}  // namespace floodevac::app
