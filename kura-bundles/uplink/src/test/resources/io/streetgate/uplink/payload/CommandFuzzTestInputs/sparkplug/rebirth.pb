€Âä¾ 4!
Node Control/Rebirth€Âä¾ 4 p