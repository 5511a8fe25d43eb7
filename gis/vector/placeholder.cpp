// placeholder until the vector layer lands
