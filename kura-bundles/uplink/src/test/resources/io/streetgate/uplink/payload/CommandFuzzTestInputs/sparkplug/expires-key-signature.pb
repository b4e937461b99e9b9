€Âä¾ 4'
actuator.override/level€Âä¾ 4 	eÍÌL?!
Command/Expires€Âä¾ 4 XÀ‘‰¿ 4
Command/Key€Âä¾ 4 zops-12
Command/Signature€Âä¾ 4 zbm90IGEgc2lnbmF0dXJl
selftest€Âä¾ 4 P