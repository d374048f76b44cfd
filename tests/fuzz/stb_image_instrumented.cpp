// Fuzz build only. Debian's libstb.so is not built with sanitizers, so a read
// past a buffer or an overflow inside stb_image would go unseen there. This
// compiles Debian's own header (/usr/include/stb/stb_image.h, default
// configuration, as libstb.so is built) with the fuzz build's ASan and UBSan;
// the executable's definitions take the place of libstb.so's at link time.
#define STB_IMAGE_IMPLEMENTATION
#include <stb_image.h>
