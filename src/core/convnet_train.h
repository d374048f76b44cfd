#pragma once
// The ConvNet's fast batched path: forward (train and eval), backward and
// Adam, on im2col + OpenBLAS sgemm, the batch split into chunks of 10 images
// that a WorkerPool's threads claim as they come free. Every sum over the
// batch (BN statistics, weight gradients) is kept per chunk and added in
// chunk order, so a seed gives the same numbers on every run, whatever the
// thread count and however busy the machine.
//
//   ConvNet net;  initializeConvNet(net, 1);
//   ConvNetTrainer trainer(net, 2);                 // 2 threads, Adam lr 1e-3
//   double loss = trainer.trainStep(images, labels, 100);   // images 100 x 784, pixels / 255
//   std::vector<float> logits = convNetLogits(net, images, 100, 2);  // eval mode, 100 x 10
//
// Semantics are PyTorch's (checked against autograd in tests/core/test_convnet.cpp):
// BatchNorm2d in training mode normalises with the biased batch variance and
// moves running_var toward the unbiased one (momentum 0.1); cross-entropy is
// the mean over the batch; Adam is torch.optim.Adam's default (no weight decay,
// no amsgrad). No GL, no file formats.
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "core/convnet.h"

namespace cs {

struct AdamOptions {
    double lr = 1e-3;
    double beta1 = 0.9;
    double beta2 = 0.999;
    double eps = 1e-8;
};

class WorkerPool;
struct ConvNetBuffers;

class ConvNetTrainer {
public:
    // Trains `net` in place; net must outlive the trainer. threads < 1 counts as 1.
    ConvNetTrainer(ConvNet& net, int threads, AdamOptions adam = {});
    ~ConvNetTrainer();
    ConvNetTrainer(const ConvNetTrainer&) = delete;
    ConvNetTrainer& operator=(const ConvNetTrainer&) = delete;

    // One batch of n images (n x 784 floats) and labels (0..9) in training
    // mode: batch statistics (running ones updated, num_batches_tracked + 1),
    // then backward. Returns the mean cross-entropy; gradient() holds
    // d loss / d parameter; logits (n x 10) when asked. n must be >= 2 (batch
    // norm needs two values per channel, as PyTorch refuses one).
    double forwardBackward(const float* images, const std::uint8_t* labels, int n,
                           std::vector<float>* logits = nullptr);
    // One Adam update from the last forwardBackward's gradients.
    void adamStep();
    // forwardBackward then adamStep.
    double trainStep(const float* images, const std::uint8_t* labels, int n);

    // The gradient of a parameter (empty for the running statistics).
    const std::vector<float>& gradient(ConvNet::Index i) const { return grads_[static_cast<std::size_t>(i)]; }
    long long steps() const { return step_; }
    int threads() const;

private:
    ConvNet& net_;
    AdamOptions adam_;
    std::unique_ptr<WorkerPool> pool_;
    std::unique_ptr<ConvNetBuffers> buffers_;
    std::vector<std::vector<float>> grads_, adam_m_, adam_v_;
    long long step_ = 0;
};

// Eval-mode logits (running statistics) for n images: n x 10. Works in chunks
// of at most 500 images, so memory stays bounded for any n.
std::vector<float> convNetLogits(const ConvNet& net, const float* images, int n, int threads);

// Softmax of 10 logits, computed in double from the largest.
std::vector<double> convNetSoftmax(const float* logits);

// The OpenBLAS kernel family the GEMMs run on ("Cooperlake", "Haswell"), for
// reports: OpenBLAS picks it for the CPU at load time unless OPENBLAS_CORETYPE
// names one (an AVX2 family on an AVX-512 CPU costs about 1.4x per step).
std::string convNetBlasKernels();

}  // namespace cs
