// Engine factories for the subcommands. The GPU engine owns the headless
// context it runs on, so a caller holds one object.
#include "cli/cli.h"
#include "cli/gpu_session.h"

namespace cs {
namespace {

class HeadlessGpuEngine final : public Engine {
public:
    explicit HeadlessGpuEngine(std::unique_ptr<GpuSession> session) : session_(std::move(session)) {}
    std::string name() const override { return "gpu"; }
    Tensor run(const OpRequest& request) override { return session_->engine->run(request); }

private:
    std::unique_ptr<GpuSession> session_;
};

}  // namespace

std::unique_ptr<GpuSession> openGpuSession(std::string& why) {
    auto session = std::make_unique<GpuSession>();
    std::string reason;
    session->context = HeadlessContext::create(reason);
    if (!session->context) {
        why = "no GPU engine: " + reason;
        return nullptr;
    }
    session->engine = GlEngine::create(reason);
    if (!session->engine) {
        why = "no GPU engine on " + session->context->platform() + ": " + reason;
        return nullptr;
    }
    return session;
}

std::unique_ptr<Engine> makeEngine(const std::string& backend, std::string& why) {
    if (backend == "cpu") return std::make_unique<CpuEngine>();
    if (backend == "gpu") {
        auto session = openGpuSession(why);
        if (!session) {
            why += "\nUse --backend cpu (the exact reference) instead.";
            return nullptr;
        }
        return std::make_unique<HeadlessGpuEngine>(std::move(session));
    }
    why = "unknown backend \"" + backend + "\" (use cpu or gpu).";
    return nullptr;
}

}  // namespace cs
