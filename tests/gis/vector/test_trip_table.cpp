#include <gtest/gtest.h>

#include <cmath>
#include <sstream>

#include "gis/vector/shelters.hpp"
#include "gis/vector/trip_table.hpp"
#include "sim/core/error.hpp"
#include "tests/gis/vector/place_inputs.hpp"

namespace floodevac::gis {
namespace {

using namespace floodevac::test;

TEST(Trips, ReadsXYAndLonLatTables) {
  TempDir dir;
  const auto g = lattice();
  std::vector<evac::Shelter> shelters(2);
  shelters[0].id = "S1";
  shelters[1].id = "S2";
  const auto file = dir / "trips.csv";
  write_text(file,
             "\xEF\xBB\xBFid,depart_s,x,y,shelter,mode,persons\r\n"
             "# a comment\r\n"
             "t1,0,300101,3100002,S2,car,4\r\n"
             "\r\n"
             "\"t,2\",60.5,300195,3100190,,WALK,\r\n");
  const auto t = read_trip_table(file, g, shelters, kUtm51, 50);
  ASSERT_EQ(t.size(), 2u);
  EXPECT_EQ(t[0].id, "t1");
  EXPECT_EQ(t[0].origin, 1u);
  EXPECT_EQ(t[0].dest_shelter, 1);
  EXPECT_EQ(t[0].mode, evac::Mode::car);
  EXPECT_FLOAT_EQ(t[0].persons, 4.0f);
  EXPECT_EQ(t[1].id, "t,2");
  EXPECT_DOUBLE_EQ(t[1].depart_s, 60.5);
  EXPECT_EQ(t[1].origin, 8u);
  EXPECT_EQ(t[1].dest_shelter, -1);
  EXPECT_EQ(t[1].mode, evac::Mode::walk);
  EXPECT_FLOAT_EQ(t[1].persons, 1.0f);

  // lon/lat: a network on the central meridian of zone 51 (easting 500 000).
  std::vector<graph::EdgeInput> edges(1);
  edges[0].length_m = edges[0].free_speed_mps = edges[0].capacity_veh_h = 1;
  edges[0].head = 1;
  const auto g2 = graph::build_graph({500000.0, 500000.0}, {3098000.0, 3099000.0}, edges);
  write_text(file, "mode,lat,lon,id,depart_s\ncar,28.0,123.0,a,0\n");
  const auto t2 = read_trip_table(file, g2, {}, kUtm51, 2000);
  ASSERT_EQ(t2.size(), 1u);
  EXPECT_EQ(t2[0].mode, evac::Mode::car);
}

TEST(Trips, BadRowsNameLineAndColumn) {
  TempDir dir;
  const auto g = lattice();
  std::vector<evac::Shelter> shelters(1);
  shelters[0].id = "S1";
  const auto file = dir / "trips.csv";
  const std::string head = "id,depart_s,x,y,shelter,mode\n";
  write_text(file, head + "a,0,300000,3100000,S1,car\nb,0,300000,3100000,,car\nc,soon,300000,3100000,,car\n");
  auto msg = error_of<InputError>([&] { read_trip_table(file, g, shelters, kUtm51, 50); });
  EXPECT_NE(msg.find("trips.csv:4"), std::string::npos) << msg;
  EXPECT_NE(msg.find("'depart_s'"), std::string::npos) << msg;

  write_text(file, head + "a,0,300000,3100000,S9,car\n");
  msg = error_of<InputError>([&] { read_trip_table(file, g, shelters, kUtm51, 50); });
  EXPECT_NE(msg.find("trips.csv:2"), std::string::npos) << msg;
  EXPECT_NE(msg.find("'shelter'"), std::string::npos) << msg;
  EXPECT_NE(msg.find("S1"), std::string::npos) << msg;

  write_text(file, head + "a,0,300000,3100000,,bike\n");
  msg = error_of<InputError>([&] { read_trip_table(file, g, shelters, kUtm51, 50); });
  EXPECT_NE(msg.find("'mode'"), std::string::npos) << msg;

  write_text(file, head + "a,0,300000,3100000,,car\na,0,300000,3100000,,car\n");
  msg = error_of<InputError>([&] { read_trip_table(file, g, shelters, kUtm51, 50); });
  EXPECT_NE(msg.find("line 2"), std::string::npos) << msg;

  write_text(file, head + "a,0,310000,3100000,,car\n");  // 10 km away
  msg = error_of<InputError>([&] { read_trip_table(file, g, shelters, kUtm51, 50); });
  EXPECT_NE(msg.find("trips.csv:2"), std::string::npos) << msg;
  EXPECT_NE(msg.find("max_snap_m"), std::string::npos) << msg;

  write_text(file, head + "a,0,300000,3100000,car\n");
  msg = error_of<InputError>([&] { read_trip_table(file, g, shelters, kUtm51, 50); });
  EXPECT_NE(msg.find("columns"), std::string::npos) << msg;

  write_text(file, "id,depart_s,x,shelter,mode\n");
  msg = error_of<InputError>([&] { read_trip_table(file, g, shelters, kUtm51, 50); });
  EXPECT_NE(msg.find("trips.csv:1"), std::string::npos) << msg;
}

TEST(Trips, UnknownColumnNamesTheExpectedOnes) {
  TempDir dir;
  const auto g = lattice();
  const auto file = dir / "trips.csv";
  write_text(file, "id,depart_s,x,y,shelter_id,mode\na,0,300000,3100000,S1,car\n");
  const auto msg = error_of<InputError>([&] { read_trip_table(file, g, {}, kUtm51, 50); });
  EXPECT_NE(msg.find("trips.csv:1:5"), std::string::npos) << msg;
  EXPECT_NE(msg.find("unknown column 'shelter_id'"), std::string::npos) << msg;
  EXPECT_NE(msg.find("did you mean 'shelter'"), std::string::npos) << msg;
  EXPECT_NE(msg.find("depart_s"), std::string::npos) << msg;
}

TEST(Trips, HeaderOnlyTableIsNotZeroTrips) {
  TempDir dir;
  const auto g = lattice();
  const auto file = dir / "trips.csv";
  write_text(file, "id,depart_s,x,y,mode\n# nothing yet\n\n");
  const auto msg = error_of<InputError>([&] { read_trip_table(file, g, {}, kUtm51, 50); });
  EXPECT_NE(msg.find("no trips"), std::string::npos) << msg;
  EXPECT_NE(msg.find("trips.csv"), std::string::npos) << msg;
}

TEST(Trips, DeviceAndEndlessLinesAreRefusedQuickly) {
  const auto g = lattice();
  auto msg = error_of<InputError>([&] { read_trip_table("/dev/zero", g, {}, kUtm51, 50); });
  EXPECT_NE(msg.find("/dev/zero"), std::string::npos) << msg;
  EXPECT_NE(msg.find("not a regular file"), std::string::npos) << msg;
  TempDir dir;
  msg = error_of<InputError>([&] { read_trip_table(dir.path(), g, {}, kUtm51, 50); });
  EXPECT_NE(msg.find("not a regular file"), std::string::npos) << msg;
  // A line without end (a binary file) stops at the line limit, not at the end of the data.
  std::istringstream endless(std::string(kMaxTripLineBytes + 10, 'x'));
  msg = error_of<InputError>([&] { parse_trip_table(endless, "blob.csv"); });
  EXPECT_NE(msg.find("blob.csv:1"), std::string::npos) << msg;
  EXPECT_NE(msg.find("KiB"), std::string::npos) << msg;
}

}  // namespace
}  // namespace floodevac::gis
