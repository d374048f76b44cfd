#pragma once
// The bytes of a data or model file were read but are not what we accept
// (IDX, safetensors): truncated, a header that lies, a bad value. A kind of
// IoError, so catching IoError catches it; a caller can tell "bad input"
// (this) from "could not read the file" (plain IoError), as the CLI does for
// images with ImageFormatError.
#include "io/image_io.h"  // IoError

namespace cs {

class DataFormatError : public IoError {
public:
    using IoError::IoError;
};

}  // namespace cs
