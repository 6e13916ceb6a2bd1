#include "core/diffusion/stable_diffusion/diffusers_names.h"

#include <map>
#include <regex>

#include "core/util/errors.h"

namespace geodex {

namespace {

// Replaces the first matching prefix of `rest` by the table's value (for resnet and attention
// internals).
std::string renamed(const std::string& rest, const std::vector<std::pair<std::string, std::string>>& table) {
  for (const auto& [from, to] : table)
    if (rest.compare(0, from.size(), from) == 0) return to + rest.substr(from.size());
  return rest;
}

const std::vector<std::pair<std::string, std::string>> kUnetResnet = {
    {"norm1.", "in_layers.0."},       {"conv1.", "in_layers.2."},
    {"time_emb_proj.", "emb_layers.1."}, {"norm2.", "out_layers.0."},
    {"conv2.", "out_layers.3."},      {"conv_shortcut.", "skip_connection."}};
const std::vector<std::pair<std::string, std::string>> kVaeResnet = {{"conv_shortcut.", "nin_shortcut."}};
const std::vector<std::pair<std::string, std::string>> kVaeAttention = {
    {"group_norm.", "norm."}, {"query.", "q."},     {"to_q.", "q."},       {"key.", "k."},
    {"to_k.", "k."},          {"value.", "v."},     {"to_v.", "v."},       {"proj_attn.", "proj_out."},
    {"to_out.0.", "proj_out."}};

}  // namespace

DiffusersUnetLayout diffusersUnetLayout(const nlohmann::json& config, const std::string& folder) {
  const std::string where = "'" + folder + "/unet/config.json'";
  DiffusersUnetLayout layout;
  if (!config.is_object()) throw ModelError(where + " is not a JSON object");
  const nlohmann::json& layers = config.value("layers_per_block", nlohmann::json(2));
  if (!layers.is_number_integer() || layers.get<int>() < 1 || layers.get<int>() > 16)
    throw ModelError(where + ": layers_per_block must be a whole number in [1, 16]");
  layout.layersPerBlock = layers.get<int>();
  const nlohmann::json& up = config.value("up_block_types", nlohmann::json());
  const nlohmann::json& channels = config.value("block_out_channels", nlohmann::json());
  if (!up.is_array() || !channels.is_array() || up.size() != channels.size() || up.empty() || up.size() > 8)
    throw ModelError(where + ": up_block_types and block_out_channels must be lists of one length (1 to 8)");
  for (const nlohmann::json& type : up) {
    if (!type.is_string()) throw ModelError(where + ": up_block_types holds a non-text entry");
    layout.upBlockHasAttention.push_back(type.get<std::string>().rfind("CrossAttn", 0) == 0);
  }
  // diffusers' attention_head_dim is, despite its name, the number of heads (its own docs say
  // so); newer configs give num_attention_heads.
  nlohmann::json heads = config.value("num_attention_heads", nlohmann::json());
  if (heads.is_null()) heads = config.value("attention_head_dim", nlohmann::json(8));
  if (heads.is_number_integer()) {
    layout.headsPerLevel.assign(channels.size(), heads.get<int>());
  } else if (heads.is_array() && heads.size() == channels.size()) {
    for (const nlohmann::json& h : heads) {
      if (!h.is_number_integer()) throw ModelError(where + ": attention_head_dim holds a non-integer");
      layout.headsPerLevel.push_back(h.get<int>());
    }
  } else {
    throw ModelError(where + ": attention_head_dim must be a whole number or one per block");
  }
  for (int h : layout.headsPerLevel)
    if (h < 1 || h > 1024) throw ModelError(where + ": a head count outside [1, 1024]");
  return layout;
}

int diffusersVaeLevels(const nlohmann::json& config) {
  const nlohmann::json& channels = config.is_object() ? config.value("block_out_channels", nlohmann::json())
                                                      : nlohmann::json();
  return channels.is_array() && !channels.empty() && channels.size() <= 8 ? int(channels.size()) : 4;
}

std::string ldmUnetName(const std::string& name, const DiffusersUnetLayout& layout) {
  static const std::map<std::string, std::string> fixed = {
      {"time_embedding.linear_1.", "time_embed.0."}, {"time_embedding.linear_2.", "time_embed.2."},
      {"conv_in.", "input_blocks.0.0."},             {"conv_norm_out.", "out.0."},
      {"conv_out.", "out.2."}};
  for (const auto& [from, to] : fixed)
    if (name.compare(0, from.size(), from) == 0) return to + name.substr(from.size());
  static const std::regex down(R"(down_blocks\.(\d{1,4})\.(resnets|attentions)\.(\d{1,4})\.(.+))");
  static const std::regex downsample(R"(down_blocks\.(\d{1,4})\.downsamplers\.0\.conv\.(.+))");
  static const std::regex upBlock(R"(up_blocks\.(\d{1,4})\.(resnets|attentions)\.(\d{1,4})\.(.+))");
  static const std::regex upsample(R"(up_blocks\.(\d{1,4})\.upsamplers\.0\.(.+))");
  static const std::regex mid(R"(mid_block\.(resnets|attentions)\.(\d{1,4})\.(.+))");
  const int stride = layout.layersPerBlock + 1;
  std::smatch m;
  const auto inner = [](const std::string& kind, const std::string& rest) {
    return kind == "resnets" ? "0." + renamed(rest, kUnetResnet) : "1." + rest;
  };
  if (std::regex_match(name, m, down))
    return "input_blocks." + std::to_string(stride * std::stoi(m[1]) + std::stoi(m[3]) + 1) + "." +
           inner(m[2], m[4]);
  if (std::regex_match(name, m, downsample))
    return "input_blocks." + std::to_string(stride * (std::stoi(m[1]) + 1)) + ".0.op." + m[2].str();
  if (std::regex_match(name, m, upBlock))
    return "output_blocks." + std::to_string(stride * std::stoi(m[1]) + std::stoi(m[3])) + "." +
           inner(m[2], m[4]);
  if (std::regex_match(name, m, upsample)) {
    const std::size_t block = std::stoul(m[1]);
    const bool attention = block < layout.upBlockHasAttention.size() && layout.upBlockHasAttention[block];
    return "output_blocks." + std::to_string(stride * int(block) + layout.layersPerBlock) + "." +
           (attention ? "2." : "1.") + m[2].str();
  }
  if (std::regex_match(name, m, mid))
    return m[1] == "resnets" ? "middle_block." + std::to_string(2 * std::stoi(m[2])) + "." +
                                   renamed(m[3], kUnetResnet)
                             : "middle_block.1." + m[3].str();
  return {};
}

std::string ldmVaeName(const std::string& name, int levels) {
  static const std::regex block(R"((encoder|decoder)\.(down|up)_blocks\.(\d{1,4})\.resnets\.(\d{1,4})\.(.+))");
  static const std::regex sample(R"((encoder|decoder)\.(down|up)_blocks\.(\d{1,4})\.(downsamplers|upsamplers)\.0\.(.+))");
  static const std::regex midResnet(R"((encoder|decoder)\.mid_block\.resnets\.(\d{1,4})\.(.+))");
  static const std::regex midAttention(R"((encoder|decoder)\.mid_block\.attentions\.0\.(.+))");
  static const std::regex ends(R"((encoder|decoder)\.(conv_in|conv_out|conv_norm_out)\.(.+))");
  std::smatch m;
  // diffusers numbers the decoder's up blocks from the deepest; latent diffusion from the image.
  const auto level = [&](const std::string& part, const std::string& index) {
    const int i = std::stoi(index);
    return std::to_string(part == "up" ? levels - 1 - i : i);
  };
  if (std::regex_match(name, m, block))
    return m[1].str() + "." + m[2].str() + "." + level(m[2], m[3]) + ".block." + m[4].str() + "." +
           renamed(m[5], kVaeResnet);
  if (std::regex_match(name, m, sample))
    return m[1].str() + "." + m[2].str() + "." + level(m[2], m[3]) + "." +
           (m[4] == "downsamplers" ? "downsample." : "upsample.") + m[5].str();
  if (std::regex_match(name, m, midResnet))
    return m[1].str() + ".mid.block_" + std::to_string(std::stoi(m[2]) + 1) + "." + renamed(m[3], kVaeResnet);
  if (std::regex_match(name, m, midAttention))
    return m[1].str() + ".mid.attn_1." + renamed(m[2], kVaeAttention);
  if (std::regex_match(name, m, ends))
    return m[1].str() + "." + (m[2] == "conv_norm_out" ? std::string("norm_out") : m[2].str()) + "." + m[3].str();
  if (name.rfind("quant_conv.", 0) == 0 || name.rfind("post_quant_conv.", 0) == 0) return name;
  return {};
}

}  // namespace geodex
