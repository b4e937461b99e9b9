€Âä¾ 4€Âä¾ 4X
unknown.metric€Âä¾ 4P$
actuator.override/level€Âä¾ 4 8