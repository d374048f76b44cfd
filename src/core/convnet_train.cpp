#include "core/convnet_train.h"

#include <cblas.h>

#include <algorithm>
#include <cmath>
#include <stdexcept>

#include "core/convnet_kernels.h"
#include "core/worker_pool.h"

// OpenBLAS runs single-threaded inside each of our threads: splitting the
// batch by image keeps each image's planes in cache and the sums in order.
extern "C" void openblas_set_num_threads(int);
extern "C" char* openblas_get_corename(void);

namespace cs {

namespace kn = convnet_kernels;

namespace {
constexpr int kSide1 = 28, kSide2 = 14;
constexpr int kC1 = 16, kC2 = 32;
constexpr int kPlane1 = kSide1 * kSide1, kPlane2 = kSide2 * kSide2;
constexpr int kK1 = 1 * 25, kK2 = kC1 * 25;

// Images per chunk of the batch: the pool hands chunks to whichever thread
// is free; the sums are kept per chunk and added in chunk order, so they
// depend on the batch alone, not on the threads.
constexpr int kChunkImages = 10;
int chunkCount(int n) { return (n + kChunkImages - 1) / kChunkImages; }

// What one chunk accumulates over its images: BN sums and weight gradients.
struct ChunkSums {
    std::vector<double> s1, q1, s2, q2;  // per channel: sum, and sum of squares or of dy * xhat
    std::vector<float> dw1, dw2;
    std::vector<double> db1, db2;
    void reset() {
        for (auto* v : {&s1, &q1}) v->assign(kC1, 0.0);
        for (auto* v : {&s2, &q2}) v->assign(kC2, 0.0);
    }
};

// One thread's working space (reused by every chunk it runs).
struct Scratch {
    std::vector<float> col, dcol, dp1;
};

// Per-channel statistics in double: mean, 1/sqrt(var + eps), and the fused
// scale/shift the forward kernel applies.
struct BnStats {
    std::vector<double> mean, invstd;
    std::vector<float> scale, shift;
};

void fuse(BnStats& st, const float* gamma, const float* beta) {
    const std::size_t c = st.mean.size();
    st.scale.resize(c);
    st.shift.resize(c);
    for (std::size_t i = 0; i < c; ++i) {
        const double a = gamma[i] * st.invstd[i];
        st.scale[i] = static_cast<float>(a);
        st.shift[i] = static_cast<float>(beta[i] - st.mean[i] * a);
    }
}

BnStats runningStats(const ConvNet& net, ConvNet::Index mean, ConvNet::Index var, ConvNet::Index gamma,
                     ConvNet::Index beta) {
    BnStats st;
    const auto& m = net.at(mean).values;
    const auto& v = net.at(var).values;
    for (std::size_t i = 0; i < m.size(); ++i) {
        st.mean.push_back(m[i]);
        st.invstd.push_back(1.0 / std::sqrt(static_cast<double>(v[i]) + kConvNetBatchNormEps));
    }
    fuse(st, net.data(gamma), net.data(beta));
    return st;
}
}  // namespace

struct ConvNetBuffers {
    int capacity = 0;
    std::vector<float> z1, p1, z2, p2, logits, dlogits, dp2, dz1, dz2;
    std::vector<std::uint8_t> a1, a2;
    std::vector<ChunkSums> sums;  // one per chunk, in chunk order
    std::vector<Scratch> scratch;  // one per thread
    BnStats bn1, bn2;

    void reserve(int n, int threads) {
        sums.resize(static_cast<std::size_t>(chunkCount(n)));
        if (static_cast<int>(scratch.size()) != threads) scratch.assign(static_cast<std::size_t>(threads), Scratch{});
        for (auto& s : scratch) {
            s.col.resize(static_cast<std::size_t>(std::max(kK1 * kPlane1, kK2 * kPlane2)));
            s.dcol.resize(static_cast<std::size_t>(kK2 * kPlane2));
            s.dp1.resize(static_cast<std::size_t>(kC1 * kPlane2));
        }
        if (n <= capacity) return;
        capacity = n;
        const auto u = static_cast<std::size_t>(n);
        z1.resize(u * kC1 * kPlane1);
        p1.resize(u * kC1 * kPlane2);
        a1.resize(u * kC1 * kPlane2);
        z2.resize(u * kC2 * kPlane2);
        p2.resize(u * kConvNetFeatures);
        a2.resize(u * kConvNetFeatures);
        logits.resize(u * kConvNetClasses);
        dlogits.resize(u * kConvNetClasses);
        dp2.resize(u * kConvNetFeatures);
        dz1.resize(u * kC1 * kPlane1);
        dz2.resize(u * kC2 * kPlane2);
    }
};

namespace {

// Batch statistics from the chunks' sums (in chunk order), and the running
// statistics moved toward them as PyTorch does (unbiased variance).
BnStats batchStats(const std::vector<ChunkSums>& sums, bool second, double count, ConvNet* net,
                   ConvNet::Index gamma, ConvNet::Index beta, ConvNet::Index rmean, ConvNet::Index rvar) {
    const std::size_t c = second ? kC2 : kC1;
    BnStats st;
    st.mean.assign(c, 0.0);
    st.invstd.assign(c, 0.0);
    std::vector<double> sum(c, 0.0), sq(c, 0.0);
    for (const auto& t : sums) {
        for (std::size_t i = 0; i < c; ++i) {
            sum[i] += second ? t.s2[i] : t.s1[i];
            sq[i] += second ? t.q2[i] : t.q1[i];
        }
    }
    for (std::size_t i = 0; i < c; ++i) {
        const double mean = sum[i] / count;
        const double var = std::max(0.0, sq[i] / count - mean * mean);
        st.mean[i] = mean;
        st.invstd[i] = 1.0 / std::sqrt(var + kConvNetBatchNormEps);
        float& rm = net->at(rmean).values[i];
        float& rv = net->at(rvar).values[i];
        const double m = kConvNetBatchNormMomentum;
        rm = static_cast<float>((1.0 - m) * rm + m * mean);
        rv = static_cast<float>((1.0 - m) * rv + m * var * count / (count - 1.0));
    }
    fuse(st, net->data(gamma), net->data(beta));
    return st;
}

// The forward pass of n images into b (training: batch statistics, which
// also update net's running ones; eval: running statistics).
void forward(const ConvNet& net_in, ConvNet* train_net, const float* images, int n, WorkerPool& pool,
             ConvNetBuffers& b) {
    const bool training = train_net != nullptr;
    const ConvNet& net = net_in;
    b.reserve(n, pool.size());
    for (auto& s : b.sums) s.reset();
    const int chunks = chunkCount(n);
    pool.runChunks(chunks, [&](int t, int k) {
        int lo = 0, hi = 0;
        WorkerPool::share(n, k, chunks, lo, hi);
        auto& s = b.sums[static_cast<std::size_t>(k)];
        auto& w = b.scratch[static_cast<std::size_t>(t)];
        for (int i = lo; i < hi; ++i) {
            float* z1 = b.z1.data() + static_cast<std::size_t>(i) * kC1 * kPlane1;
            kn::convForward(images + static_cast<std::size_t>(i) * kPlane1, 1, kSide1, net.data(ConvNet::kConv1Weight),
                            net.data(ConvNet::kConv1Bias), kC1, w.col.data(), z1);
            if (training) kn::channelMoments(z1, kC1, kPlane1, s.s1.data(), s.q1.data());
        }
    });
    b.bn1 = training ? batchStats(b.sums, false, static_cast<double>(n) * kPlane1, train_net, ConvNet::kBn1Weight,
                                  ConvNet::kBn1Bias, ConvNet::kBn1Mean, ConvNet::kBn1Var)
                     : runningStats(net, ConvNet::kBn1Mean, ConvNet::kBn1Var, ConvNet::kBn1Weight, ConvNet::kBn1Bias);
    pool.runChunks(chunks, [&](int t, int k) {
        int lo = 0, hi = 0;
        WorkerPool::share(n, k, chunks, lo, hi);
        auto& s = b.sums[static_cast<std::size_t>(k)];
        auto& w = b.scratch[static_cast<std::size_t>(t)];
        for (int i = lo; i < hi; ++i) {
            const auto u = static_cast<std::size_t>(i);
            float* p1 = b.p1.data() + u * kC1 * kPlane2;
            kn::bnReluPool(b.z1.data() + u * kC1 * kPlane1, kC1, kSide1, b.bn1.scale.data(), b.bn1.shift.data(), p1,
                           b.a1.data() + u * kC1 * kPlane2);
            float* z2 = b.z2.data() + u * kC2 * kPlane2;
            kn::convForward(p1, kC1, kSide2, net.data(ConvNet::kConv2Weight), net.data(ConvNet::kConv2Bias), kC2,
                            w.col.data(), z2);
            if (training) kn::channelMoments(z2, kC2, kPlane2, s.s2.data(), s.q2.data());
        }
    });
    b.bn2 = training ? batchStats(b.sums, true, static_cast<double>(n) * kPlane2, train_net, ConvNet::kBn2Weight,
                                  ConvNet::kBn2Bias, ConvNet::kBn2Mean, ConvNet::kBn2Var)
                     : runningStats(net, ConvNet::kBn2Mean, ConvNet::kBn2Var, ConvNet::kBn2Weight, ConvNet::kBn2Bias);
    pool.runChunks(chunks, [&](int /*thread*/, int k) {
        int lo = 0, hi = 0;
        WorkerPool::share(n, k, chunks, lo, hi);
        for (int i = lo; i < hi; ++i) {
            const auto u = static_cast<std::size_t>(i);
            kn::bnReluPool(b.z2.data() + u * kC2 * kPlane2, kC2, kSide2, b.bn2.scale.data(), b.bn2.shift.data(),
                           b.p2.data() + u * kConvNetFeatures, b.a2.data() + u * kConvNetFeatures);
            float* logits = b.logits.data() + u * kConvNetClasses;
            std::copy(net.data(ConvNet::kFcBias), net.data(ConvNet::kFcBias) + kConvNetClasses, logits);
            cblas_sgemv(CblasRowMajor, CblasNoTrans, kConvNetClasses, kConvNetFeatures, 1.f,
                        net.data(ConvNet::kFcWeight), kConvNetFeatures, b.p2.data() + u * kConvNetFeatures, 1, 1.f,
                        logits, 1);
        }
    });
    if (training) {
        ++train_net->num_batches_tracked[0];
        ++train_net->num_batches_tracked[1];
    }
}

}  // namespace

ConvNetTrainer::ConvNetTrainer(ConvNet& net, int threads, AdamOptions adam)
    : net_(net), adam_(adam), pool_(std::make_unique<WorkerPool>(threads)),
      buffers_(std::make_unique<ConvNetBuffers>()) {
    openblas_set_num_threads(1);
    for (const auto& t : net_.tensors) {
        const std::size_t n = t.trainable ? t.values.size() : 0;
        grads_.emplace_back(n, 0.f);
        adam_m_.emplace_back(n, 0.f);
        adam_v_.emplace_back(n, 0.f);
    }
}

ConvNetTrainer::~ConvNetTrainer() = default;

int ConvNetTrainer::threads() const { return pool_->size(); }

double ConvNetTrainer::forwardBackward(const float* images, const std::uint8_t* labels, int n,
                                       std::vector<float>* logits_out) {
    if (n < 2) throw std::invalid_argument("a training batch needs at least 2 images (batch norm)");
    for (int i = 0; i < n; ++i) {
        if (labels[i] >= kConvNetClasses) throw std::invalid_argument("a label is not 0..9");
    }
    auto& b = *buffers_;
    forward(net_, &net_, images, n, *pool_, b);
    if (logits_out) logits_out->assign(b.logits.begin(), b.logits.begin() + n * kConvNetClasses);

    // Cross-entropy (mean over the batch) and its gradient at the logits.
    double loss = 0.0;
    for (int i = 0; i < n; ++i) {
        const float* l = b.logits.data() + i * kConvNetClasses;
        const std::vector<double> p = convNetSoftmax(l);
        loss -= std::log(std::max(p[labels[i]], 1e-300));
        for (int c = 0; c < kConvNetClasses; ++c) {
            b.dlogits[static_cast<std::size_t>(i * kConvNetClasses + c)] =
                static_cast<float>((p[static_cast<std::size_t>(c)] - (c == labels[i] ? 1.0 : 0.0)) / n);
        }
    }
    loss /= n;

    // fc: dW = dlogits^T . p2, db = column sums, dp2 = dlogits . W.
    cblas_sgemm(CblasRowMajor, CblasTrans, CblasNoTrans, kConvNetClasses, kConvNetFeatures, n, 1.f, b.dlogits.data(),
                kConvNetClasses, b.p2.data(), kConvNetFeatures, 0.f, grads_[ConvNet::kFcWeight].data(),
                kConvNetFeatures);
    for (int c = 0; c < kConvNetClasses; ++c) {
        double s = 0.0;
        for (int i = 0; i < n; ++i) s += b.dlogits[static_cast<std::size_t>(i * kConvNetClasses + c)];
        grads_[ConvNet::kFcBias][static_cast<std::size_t>(c)] = static_cast<float>(s);
    }
    cblas_sgemm(CblasRowMajor, CblasNoTrans, CblasNoTrans, n, kConvNetFeatures, kConvNetClasses, 1.f,
                b.dlogits.data(), kConvNetClasses, net_.data(ConvNet::kFcWeight), kConvNetFeatures, 0.f, b.dp2.data(),
                kConvNetFeatures);

    // Layer 2's pool and ReLU, batch norm sums; z2 then holds d loss / d z2.
    for (auto& s : b.sums) {
        s.reset();
        s.dw1.assign(static_cast<std::size_t>(kC1 * kK1), 0.f);
        s.dw2.assign(static_cast<std::size_t>(kC2 * kK2), 0.f);
        s.db1.assign(kC1, 0.0);
        s.db2.assign(kC2, 0.0);
    }
    std::vector<float>& dz2 = b.dz2;
    std::vector<float>& dz1 = b.dz1;
    const int chunks = chunkCount(n);
    pool_->runChunks(chunks, [&](int /*thread*/, int k) {
        int lo = 0, hi = 0;
        WorkerPool::share(n, k, chunks, lo, hi);
        auto& s = b.sums[static_cast<std::size_t>(k)];
        for (int i = lo; i < hi; ++i) {
            const auto u = static_cast<std::size_t>(i);
            kn::unpoolRelu(b.dp2.data() + u * kConvNetFeatures, b.p2.data() + u * kConvNetFeatures,
                           b.a2.data() + u * kConvNetFeatures, kC2, kSide2, dz2.data() + u * kC2 * kPlane2,
                           b.z2.data() + u * kC2 * kPlane2, b.bn2.mean.data(), b.bn2.invstd.data(), s.s2.data(),
                           s.q2.data());
        }
    });
    // Batch norm's parameter gradients and the coefficients of its input gradient.
    auto bnGrad = [&](bool second, const BnStats& st, ConvNet::Index gamma, ConvNet::Index beta, double count,
                      std::vector<double>& k, std::vector<double>& a, std::vector<double>& bb) {
        const std::size_t c = st.mean.size();
        k.assign(c, 0.0);
        a.assign(c, 0.0);
        bb.assign(c, 0.0);
        for (std::size_t i = 0; i < c; ++i) {
            double sdy = 0.0, sdx = 0.0;
            for (const auto& t : b.sums) {
                sdy += second ? t.s2[i] : t.s1[i];
                sdx += second ? t.q2[i] : t.q1[i];
            }
            grads_[gamma][i] = static_cast<float>(sdx);
            grads_[beta][i] = static_cast<float>(sdy);
            k[i] = net_.at(gamma).values[i] * st.invstd[i];
            a[i] = sdy / count;
            bb[i] = sdx / count;
        }
    };
    std::vector<double> k2, a2, b2, k1, a1, b1;
    bnGrad(true, b.bn2, ConvNet::kBn2Weight, ConvNet::kBn2Bias, static_cast<double>(n) * kPlane2, k2, a2, b2);

    // Layer 2's batch norm and conv backward, then layer 1's pool and ReLU.
    pool_->runChunks(chunks, [&](int t, int k) {
        int lo = 0, hi = 0;
        WorkerPool::share(n, k, chunks, lo, hi);
        auto& s = b.sums[static_cast<std::size_t>(k)];
        auto& w = b.scratch[static_cast<std::size_t>(t)];
        for (int i = lo; i < hi; ++i) {
            const auto u = static_cast<std::size_t>(i);
            float* d = dz2.data() + u * kC2 * kPlane2;
            kn::bnBackward(d, b.z2.data() + u * kC2 * kPlane2, kC2, kPlane2, b.bn2.mean.data(), b.bn2.invstd.data(),
                           k2.data(), a2.data(), b2.data());
            const float* p1 = b.p1.data() + u * kC1 * kPlane2;
            kn::im2col(p1, kC1, kSide2, w.col.data());
            kn::convBackward(w.col.data(), kC1, kSide2, net_.data(ConvNet::kConv2Weight), d, kC2, s.dw2.data(),
                             s.db2.data(), w.dcol.data(), w.dp1.data());
            kn::unpoolRelu(w.dp1.data(), p1, b.a1.data() + u * kC1 * kPlane2, kC1, kSide1,
                           dz1.data() + u * kC1 * kPlane1, b.z1.data() + u * kC1 * kPlane1, b.bn1.mean.data(),
                           b.bn1.invstd.data(), s.s1.data(), s.q1.data());
        }
    });
    bnGrad(false, b.bn1, ConvNet::kBn1Weight, ConvNet::kBn1Bias, static_cast<double>(n) * kPlane1, k1, a1, b1);

    // Layer 1's batch norm and conv weight gradient (the image needs none).
    pool_->runChunks(chunks, [&](int t, int k) {
        int lo = 0, hi = 0;
        WorkerPool::share(n, k, chunks, lo, hi);
        auto& s = b.sums[static_cast<std::size_t>(k)];
        auto& w = b.scratch[static_cast<std::size_t>(t)];
        for (int i = lo; i < hi; ++i) {
            const auto u = static_cast<std::size_t>(i);
            float* d = dz1.data() + u * kC1 * kPlane1;
            kn::bnBackward(d, b.z1.data() + u * kC1 * kPlane1, kC1, kPlane1, b.bn1.mean.data(), b.bn1.invstd.data(),
                           k1.data(), a1.data(), b1.data());
            kn::im2col(images + u * kPlane1, 1, kSide1, w.col.data());
            kn::convBackward(w.col.data(), 1, kSide1, net_.data(ConvNet::kConv1Weight), d, kC1, s.dw1.data(),
                             s.db1.data(), nullptr, nullptr);
        }
    });
    // The chunks' weight gradients, added in chunk order.
    auto reduce = [&](ConvNet::Index w, ConvNet::Index bias, bool second) {
        auto& gw = grads_[w];
        auto& gb = grads_[bias];
        std::fill(gw.begin(), gw.end(), 0.f);
        std::vector<double> sb(gb.size(), 0.0);
        for (const auto& t : b.sums) {
            const auto& dw = second ? t.dw2 : t.dw1;
            const auto& db = second ? t.db2 : t.db1;
            for (std::size_t i = 0; i < gw.size(); ++i) gw[i] += dw[i];
            for (std::size_t i = 0; i < sb.size(); ++i) sb[i] += db[i];
        }
        for (std::size_t i = 0; i < sb.size(); ++i) gb[i] = static_cast<float>(sb[i]);
    };
    reduce(ConvNet::kConv1Weight, ConvNet::kConv1Bias, false);
    reduce(ConvNet::kConv2Weight, ConvNet::kConv2Bias, true);
    return loss;
}

void ConvNetTrainer::adamStep() {
    ++step_;
    // torch.optim.Adam (1.13, single tensor): denom = sqrt(v) / sqrt(1 - b2^t) + eps,
    // p -= lr / (1 - b1^t) * m / denom.
    const double bc1 = 1.0 - std::pow(adam_.beta1, static_cast<double>(step_));
    const double bc2_sqrt = std::sqrt(1.0 - std::pow(adam_.beta2, static_cast<double>(step_)));
    const auto b1 = static_cast<float>(adam_.beta1), b2 = static_cast<float>(adam_.beta2);
    const auto step_size = static_cast<float>(adam_.lr / bc1);
    const auto bc2s = static_cast<float>(bc2_sqrt), eps = static_cast<float>(adam_.eps);
    for (std::size_t t = 0; t < net_.tensors.size(); ++t) {
        if (!net_.tensors[t].trainable) continue;
        auto& p = net_.tensors[t].values;
        auto& g = grads_[t];
        auto& m = adam_m_[t];
        auto& v = adam_v_[t];
        for (std::size_t i = 0; i < p.size(); ++i) {
            m[i] = b1 * m[i] + (1.f - b1) * g[i];
            v[i] = b2 * v[i] + (1.f - b2) * g[i] * g[i];
            p[i] -= step_size * (m[i] / (std::sqrt(v[i]) / bc2s + eps));
        }
    }
}

double ConvNetTrainer::trainStep(const float* images, const std::uint8_t* labels, int n) {
    const double loss = forwardBackward(images, labels, n);
    adamStep();
    return loss;
}

std::vector<float> convNetLogits(const ConvNet& net, const float* images, int n, int threads) {
    openblas_set_num_threads(1);
    WorkerPool pool(threads);
    ConvNetBuffers b;
    std::vector<float> out;
    out.reserve(static_cast<std::size_t>(std::max(0, n)) * kConvNetClasses);
    constexpr int kChunk = 500;
    for (int start = 0; start < n; start += kChunk) {
        const int m = std::min(kChunk, n - start);
        forward(net, nullptr, images + static_cast<std::size_t>(start) * kPlane1, m, pool, b);
        out.insert(out.end(), b.logits.begin(), b.logits.begin() + m * kConvNetClasses);
    }
    return out;
}

std::vector<double> convNetSoftmax(const float* logits) {
    std::vector<double> p(kConvNetClasses);
    double top = logits[0];
    for (int c = 1; c < kConvNetClasses; ++c) top = std::max(top, static_cast<double>(logits[c]));
    double sum = 0.0;
    for (int c = 0; c < kConvNetClasses; ++c) sum += (p[static_cast<std::size_t>(c)] = std::exp(logits[c] - top));
    for (double& x : p) x /= sum;
    return p;
}

std::string convNetBlasKernels() {
    const char* core = openblas_get_corename();
    return core != nullptr ? std::string(core) : std::string("unknown");
}

}  // namespace cs
