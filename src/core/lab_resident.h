#pragma once
// LabResidentFilter: the image lab's resident GPU path, seen from core (no GL
// here; gpu/gl_lab_resident.h implements it). The selected image is uploaded
// once per image and channel view; every kernel or display change then runs
// on the GPU without moving the image again: the filter writes float planes
// there, the range is found there, a colour-map pass writes the RGBA8
// texture the lab shows (clamp, abs, min-max, diverging: labDisplayImage's
// numbers) and counts the histogram (labHistogram's bins). Only the range
// and the bins come back (a few hundred bytes), and only once a fence says
// the GPU is done: dispatch() returns at once, poll() never waits.
//
//   resident.setImage(selectChannel(image, channel), key);  // uploads when key changes
//   resident.dispatch(params, LabDisplay::MinMax, plane, 64);
//   each frame: if (resident.poll(result)) show(resident.texture(), result.histogram);
//   Tensor values = resident.readPlanes();   // hover, printed values, Save PNG (not per edit)
//
// Like the other GL objects it must be used on the thread whose context is
// current (the frame loop's).
#include <cstdint>
#include <string>
#include <vector>

#include "core/image.h"
#include "core/image_filter.h"
#include "core/image_lab.h"
#include "core/tensor.h"

namespace cs {

// What one finished dispatch gives back.
struct LabResidentResult {
    float lo = 0.f, hi = 0.f;       // range of the planes (NaN skipped)
    std::vector<float> histogram;   // labHistogram(planes, bins, lo, hi)
    int width = 0, height = 0;      // the texture's (== the output's) size
    int planes = 0;                 // colour planes
    bool separable = false;         // the filter took the two-pass path
    double gpu_ms = 0.0;            // dispatch to the fence found signalled (coarse: polled per frame)
};

class LabResidentFilter {
public:
    virtual ~LabResidentFilter() = default;
    // The selected image (channel view applied: what is filtered). Uploads it
    // when `key` differs from the last upload's; returns whether it did.
    // Throws OpError for an image the filter refuses.
    virtual bool setImage(const Image& selected, std::uint64_t key) = 0;
    // How many times an image went to the GPU (a counter for tests).
    virtual std::uint64_t uploads() const = 0;
    // Filters the uploaded image, finds the range, maps colours and counts
    // `bins` bins; returns at once. Throws OpError for refused parameters,
    // std::runtime_error when the GPU fails.
    virtual void dispatch(const ImageFilterParams& params, LabDisplay display, int plane, int bins) = 0;
    // Colours and bins again from the planes of the last dispatch (a display
    // or inspected-plane change): no filter.
    virtual void remap(LabDisplay display, int plane, int bins) = 0;
    // Work dispatched and not yet taken by poll().
    virtual bool pending() const = 0;
    // True once (per dispatch) when the GPU has finished: `out` then holds
    // the range and bins, and texture() shows the new picture. Never blocks.
    virtual bool poll(LabResidentResult& out) = 0;
    // Blocks until the pending work is done (screenshots, tests).
    virtual void finish() = 0;
    // The GL texture name of the last finished picture (0 while none).
    virtual std::uintptr_t texture() const = 0;
    // The float planes [C, h, w] of the last finished dispatch, read back:
    // for what needs the values on the CPU (hover, printed values, Save PNG),
    // never per edit.
    virtual Tensor readPlanes() = 0;
    // The last finished picture's RGBA8 texels read back (tests).
    virtual Image readTexture() = 0;
};

// Which path the lab filters on. A software renderer (llvmpipe, softpipe:
// `software_renderer`) always takes the CPU (the vectorised path is tens of
// times faster there); otherwise the faster of one measured filter each on
// the loaded image (milliseconds; <= 0: not measured yet, and the CPU filters
// meanwhile). `reason` says why, in words for the overlay.
bool labChoosesGpu(bool software_renderer, double cpu_ms, double gpu_ms, std::string& reason);

// A path fixed by hand (tests, measurements), or Auto: labChoosesGpu.
enum class LabPathChoice { Auto, Cpu, Gpu };

}  // namespace cs
