#include <gtest/gtest.h>

#include <cmath>
#include <sstream>

#include "gis/vector/road_class.hpp"
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
// Issue 9 item 6: origins that cannot reach their shelter are reported, with
// the snapping distances, for their mode:
//
//   0 <--> 1 ---> 2 <--> 3        S1 at node 1, S2 at node 2
//          ^.............|        3 -> 1 is a footway (walkers only)
TEST(Trips, UnreachableOriginsAndSnapDistancesAreReported) {
  TempDir dir;
  auto edge = [](graph::NodeId a, graph::NodeId b, RoadClass c) {
    graph::EdgeInput e;
    e.tail = a;
    e.head = b;
    e.length_m = 100;
    e.free_speed_mps = 10;
    e.capacity_veh_h = 1000;
    e.road_class = static_cast<std::uint8_t>(c);
    return e;
  };
  const auto R = RoadClass::residential;
  const auto g = graph::build_graph({300000, 300100, 300200, 300300}, {3100000, 3100000, 3100000, 3100000},
                                    {edge(0, 1, R), edge(1, 0, R), edge(1, 2, R), edge(2, 3, R), edge(3, 2, R),
                                     edge(3, 1, RoadClass::footway)});
  std::vector<evac::Shelter> shelters(2);
  shelters[0].id = "S1";
  shelters[0].node = 1;
  shelters[1].id = "S2";
  shelters[1].node = 2;
  const auto file = dir / "trips.csv";
  write_text(file,
             "id,depart_s,x,y,shelter,mode\n"
             "a,0,300003,3100000,S1,car\n"    // 3 m from node 0: reaches S1
             "b,0,300200,3100000,S1,car\n"    // node 2: the oneway 1 -> 2 leads away
             "c,0,300300,3100010,,car\n"      // node 3: reaches S2 (any shelter)
             "d,0,300300,3100000,S1,walk\n"   // node 3 on foot: the footway to S1
             "e,0,300300,3100005,S1,car\n");  // node 3 by car: no way to S1
  SnapReport rep;
  const auto t = read_trip_table(file, g, shelters, kUtm51, 50, &rep);
  ASSERT_EQ(t.size(), 5u);  // kept: the model reports them as not arrived
  EXPECT_EQ(rep.trips, 5u);
  EXPECT_EQ(rep.trips_unreachable, 2u);
  EXPECT_DOUBLE_EQ(rep.trip_persons_unreachable, 2.0);
  EXPECT_EQ(rep.unreachable_trip_examples, (std::vector<std::string>{"b", "e"}));
  // Distances 3, 0, 10, 0, 5: nearest-rank median 3, 90 % 10, mean 3.6.
  EXPECT_DOUBLE_EQ(rep.trip_p50_distance_m, 3.0);
  EXPECT_DOUBLE_EQ(rep.trip_p90_distance_m, 10.0);
  EXPECT_DOUBLE_EQ(rep.trip_max_distance_m, 10.0);
  EXPECT_DOUBLE_EQ(rep.trip_mean_distance_m, 3.6);
  const std::string sum = rep.summary();
  EXPECT_NE(sum.find("5 trip origins snapped"), std::string::npos) << sum;
  EXPECT_NE(sum.find("2 cannot reach their shelter"), std::string::npos) << sum;
  EXPECT_NE(sum.find("ids b, e"), std::string::npos) << sum;
}

}  // namespace floodevac::gis
