#pragma once
// Shelters, population and trips from files, and snapping them to the road
// network. Coordinates end up in the scenario CRS (metres), as in
// sim/evac/evac_types.hpp. One header per concept; this one includes them all.
#include "gis/vector/population.hpp"
#include "gis/vector/shelters.hpp"
#include "gis/vector/snapping.hpp"
#include "gis/vector/trip_table.hpp"
