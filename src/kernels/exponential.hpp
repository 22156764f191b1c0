// Exponential moving windows (numbagg's move_exp_*): each output weighs the series up to
// there, the element k steps back by decay^k (decay = 1 - alpha), NaN skipped while the
// weights still decay. Signatures (n),(),()->(n) and, for two series, (n),(n),(),()->(n);
// the scalars are alpha in (0, 1] and min_weight >= 0.
//
// Accumulators, driven by the engine's exponential adapter without knowing which function
// they compute, one per series and in order (a window is a recursion: a series is never
// split):
//   Acc(params)              built once per series (or per task, when all share params)
//   reset()                  a new series starts
//   step(x) / step(x, y)     the next element (pair) arrives
//   result()                 the output at that element
//   kInputs                  1, or 2 for cov and corr
//   kInterleave              how many series the engine steps side by side where they
//                            lie apart (axis -1): their chains of dependent operations
//                            overlap, as long as their state fits in registers
//
// NaN and min_weight, as numbagg: `weight` decays by `decay` and gains alpha at each
// non-NaN element (the same recurrence, so min_weight cuts at the same element); an output
// is NaN where weight < min_weight. A pair counts where neither element is NaN.
//
// Infinities: an infinite element keeps a weight that is never exactly 0, so it stays in
// every later output, as in numbagg's running sums: sum and mean give +-inf (NaN once both
// signs came), var, std, cov and corr NaN. They are remembered in flags rather than
// added, so that no inf - inf is ever computed (no spurious "invalid" flag). With alpha = 1
// (decay 0) earlier elements weigh exactly 0 and are forgotten, infinities too (numbagg
// computes inf * 0 = NaN there and stays NaN).
//
// Accuracy: state is double (float32 data too). Each decayed quantity is a recursion
// s = decay * s + term; the rounding error made at step k is multiplied by decay^(i-k) by
// step i, so errors fade instead of piling up: the error is that of a plain sum of about
// 1/alpha terms, whatever the series length (no drift, no restart needed).
// - sum, count, and the weight: that recursion, numbagg's own (bitwise equal to it on
//   finite data).
// - mean, var, std, cov, corr: West's weighted update of the mean M and of the decayed sum
//   of squared deviations S (M += (x - M) / W, S = decay * S + (x - M_old)^2 (1 - 1 / W)),
//   not numbagg's raw power sums, whose difference cancels (all digits lost for data far
//   from 0): the mean of equal values is that value exactly, the variance of equal values
//   exactly 0, S never negative. For the moments the mean is kept relative to a shift
//   near it (ShiftedMean), so that deviations keep their digits whatever the offset.
// - the bias correction of var, std and cov: numbagg's 1 - sum(w^2) / sum(w)^2 cancels
//   when one weight dominates (alpha near 1); the same factor is kept as
//   D = sum(w)^2 - sum(w^2) = sum of w_i w_j over pairs i != j, which has its own recursion
//   of positive terms, D = decay^2 D + 2 decay W (at a counted element). D > 0 exactly when
//   two counted elements still weigh something: numbagg's "bias > 0", without rounding.
//   var = S W / D.
#pragma once

#include <cmath>
#include <limits>
#include <type_traits>

#include "compensated.hpp"

namespace parafunc {

struct ExpParams {
    double alpha;       // in (0, 1]
    double min_weight;  // >= 0
};

template <class T>
using exp_float_t = std::conditional_t<std::is_same_v<T, float>, float, double>;

// Whether an element is finite (integers always are). The steps below take every element
// the same way, without a branch (measured ~1.4x faster than a branch to a rare path for
// NaN and infinities, along axis -1): where it is not finite, selects make the update a
// no-op.
template <class T>
bool exp_finite(double value) {
    if constexpr (std::is_floating_point_v<T>) {
        return std::isfinite(value);
    } else {
        return true;
    }
}

// What every accumulator keeps: the decay, numbagg's weight for min_weight, and flags of
// the infinities seen (bit 0: +inf, bit 1: -inf), sticky unless decay is 0.
template <class T>
class ExpWeights {
  public:
    using input_type = T;
    using output_type = exp_float_t<T>;
    static constexpr int kInputs = 1;
    // Measured along axis -1 (ns per element, in cache): mean 3.0 alone, 2.2 by 2, 2.0 by
    // 4, 4.3 by 8; sum 2.4, 1.9, 1.9.
    static constexpr int kInterleave = 4;

  protected:
    explicit ExpWeights(const ExpParams &p)
        : alpha_(p.alpha),
          decay_(1.0 - p.alpha),
          min_weight_(p.min_weight),
          kept_flags_(decay_ == 0 ? 0u : ~0u),
          cut_(p.min_weight > 0) {}

    void reset_weights() {
        weight_ = 0.0;
        flags_ = 0;
    }

    // The weight decays, and grows by alpha where the element counts. With min_weight 0
    // (the default) no weight can fall short: it is not kept (a multiply, an add and a
    // compare fewer per element, of ~20).
    void weigh(bool counts) {
        if (cut_) weight_ = weight_ * decay_ + (counts ? alpha_ : 0.0);
    }
    // Before each step: with decay 0 the infinities seen are forgotten.
    void age_flags() { flags_ &= kept_flags_; }

    static unsigned infinity_flags(double value) {
        return static_cast<unsigned>(value == kInf) | (static_cast<unsigned>(value == -kInf) << 1);
    }

    bool weighs_enough() const { return !cut_ || weight_ >= min_weight_; }

    // +inf, -inf or NaN, by the infinities seen (flags_ != 0).
    output_type infinite_result() const {
        return flags_ == 1   ? std::numeric_limits<output_type>::infinity()
               : flags_ == 2 ? -std::numeric_limits<output_type>::infinity()
                             : kNaN;
    }

    static constexpr double kInf = std::numeric_limits<double>::infinity();
    static constexpr output_type kNaN = std::numeric_limits<output_type>::quiet_NaN();

    double alpha_, decay_, min_weight_;
    unsigned kept_flags_;
    bool cut_;  // min_weight > 0: the weight is kept and compared
    double weight_ = 0.0;
    unsigned flags_ = 0;
};

// The decayed count of non-NaN elements (infinities included).
template <class T>
class MoveExpNancount : public ExpWeights<T> {
  public:
    using typename ExpWeights<T>::output_type;
    explicit MoveExpNancount(const ExpParams &p) : ExpWeights<T>(p) {}

    void reset() {
        this->reset_weights();
        count_ = 0.0;
    }
    void step(T x) {
        const double v = static_cast<double>(x);
        const bool counts = !(v != v);
        this->weigh(counts);
        count_ = count_ * this->decay_ + (counts ? 1.0 : 0.0);
    }
    output_type result() const {
        return this->weighs_enough() ? static_cast<output_type>(count_) : this->kNaN;
    }

  private:
    double count_ = 0.0;
};

// The decayed sum of the non-NaN elements; NaN until the first one.
template <class T>
class MoveExpNansum : public ExpWeights<T> {
  public:
    using typename ExpWeights<T>::output_type;
    explicit MoveExpNansum(const ExpParams &p) : ExpWeights<T>(p) {}

    void reset() {
        this->reset_weights();
        sum_ = 0.0;
        seen_ = false;
    }
    void step(T x) {
        const double v = static_cast<double>(x);
        const bool finite = exp_finite<T>(v), counts = !(v != v);
        this->age_flags();
        this->weigh(counts);
        sum_ = sum_ * this->decay_ + (finite ? v : 0.0);
        seen_ |= counts;
        if (!finite) this->flags_ |= this->infinity_flags(v);
    }
    output_type result() const {
        if (!(this->weighs_enough() && seen_)) return this->kNaN;
        return this->flags_ ? this->infinite_result() : static_cast<output_type>(sum_);
    }

  private:
    double sum_ = 0.0;  // of the finite elements
    bool seen_ = false;
};

// West's weighted update of a mean by a finite element `value` of weight 1, M += (value -
// M) / W, written as M = value + (M - value) * old_share with old_share = kept / W, the
// part of the total weight W = kept + 1 that the elements before hold: where they weigh
// little (alpha near 1) the mean is then near `value` without cancelling a stale M (that
// form's error is eps |M_old|, this one's eps |M_new|), and where they weigh nothing
// (kept is 0: the first element, or alpha = 1) it is the element itself, exactly.
inline double west_mean(double mean, double value, double old_share) {
    return value + (mean - value) * old_share;
}

// The decayed mean: the weighted mean M of the counted elements, by West's update, and
// their total weight W = sum of decay^k (numbagg's denominator). Infinities are flagged
// and leave M alone.
template <class T>
class MoveExpNanmean : public ExpWeights<T> {
  public:
    using typename ExpWeights<T>::output_type;
    explicit MoveExpNanmean(const ExpParams &p) : ExpWeights<T>(p) {}

    void reset() {
        this->reset_weights();
        total_ = mean_ = 0.0;
    }
    void step(T x) {
        const double v = static_cast<double>(x);
        const bool finite = exp_finite<T>(v), counts = !(v != v);
        this->age_flags();
        this->weigh(counts);
        const double kept = total_ * this->decay_;
        total_ = kept + (counts ? 1.0 : 0.0);
        // A NaN or an infinity leaves the mean as it is (the update from the mean to
        // itself), without dividing by a zero total.
        const double value = finite ? v : mean_;
        mean_ = west_mean(mean_, value, kept / (finite ? total_ : 1.0));
        if (!finite) this->flags_ |= this->infinity_flags(v);
    }
    output_type result() const {
        if (!this->weighs_enough()) return this->kNaN;
        if (this->flags_) return this->infinite_result();
        return total_ > 0 ? static_cast<output_type>(mean_) : this->kNaN;
    }

  private:
    double total_ = 0.0;  // W
    double mean_ = 0.0;   // M, of the finite counted elements
};

// The weighted mean of one series for the moments, kept as shift + mean with the shift an
// element near the mean: deviations are then differences of small numbers, as accurate
// as the spread allows whatever the offset. (A running mean near 1e9 is rounded to 1e-7
// at each step, and so is every deviation from it: 1e-7 relative error in the variance of
// 1e9 + N(0, 1); this way ~1e-15.)
struct ShiftedMean {
    double shift = 0.0, mean = 0.0;

    // The deviation of finite `x` from the mean before it, and West's update of the mean
    // (see west_mean). Where nothing before x weighs anything (kept is 0), x becomes the
    // shift and its deviation is 0 (never a huge deviation times a zero weight).
    // A `finite` false leaves the mean as it is, with deviation 0.
    double add(double x, bool finite, bool fresh, double old_share) {
        shift = fresh ? x : shift;
        mean = fresh ? 0.0 : mean;
        const double shifted = finite ? x - shift : mean;
        const double deviation = shifted - mean;
        mean = west_mean(mean, shifted, old_share);
        // The mean has drifted far from the shift (a trend): 10 bits of every deviation
        // would cancel. Rare; the shift moves to the mean, exactly (the remainder stays).
        if (std::fabs(mean) > 1024.0 * std::fabs(deviation)) {
            const double moved = shift + mean;
            mean = two_sum_error(shift, mean, moved);
            shift = moved;
        }
        return deviation;
    }
};

// Weighted moments of one series (kTwo false: var, std) or two (cov, corr): the total
// weight W, the bias factor D (see the top), the means, and the decayed sum of products
// of deviations S_xy (S_xx for one series), with S_xx and S_yy for corr (kSquares).
template <class T, bool kTwo, bool kSquares>
class ExpMoments : public ExpWeights<T> {
  public:
    using typename ExpWeights<T>::output_type;
    static constexpr int kInputs = kTwo ? 2 : 1;
    // var: 6.0 ns per element alone, 7.0 by 2, 7.8 by 4: its state (three running sums,
    // two means, the weights) already fills the registers.
    static constexpr int kInterleave = 1;

    explicit ExpMoments(const ExpParams &p)
        : ExpWeights<T>(p), decay2_(this->decay_ * this->decay_) {}

    void reset() {
        this->reset_weights();
        total_ = pairs_ = xy_ = xx_ = yy_ = 0.0;
        mean_x_ = mean_y_ = ShiftedMean{};
    }

  protected:
    // One step, by the element (pair) x, y (y unused for one series): `counts` where no
    // element is NaN, `finite` where all are finite. A NaN or an infinity leaves the means
    // and adds nothing to the sums (deviations 0); a counted infinity makes the outputs
    // NaN from there on (flag 3).
    void update(double x, double y, bool counts, bool finite) {
        this->age_flags();
        this->weigh(counts);
        const double kept = total_ * this->decay_;
        total_ = kept + (counts ? 1.0 : 0.0);
        pairs_ = pairs_ * decay2_ + (counts ? 2.0 * kept : 0.0);
        // (x - M_old)(y - M_new) of West's update, as (x - M_old)(y - M_old)(1 - 1 / W):
        // a square is then never negative. 1 - 1 / W = kept / W, without cancellation.
        const double old_share = kept / (finite ? total_ : 1.0);
        const bool fresh = kept == 0 && finite;
        const double dx = mean_x_.add(x, finite, fresh, old_share);
        if constexpr (kTwo) {
            const double dy = mean_y_.add(y, finite, fresh, old_share);
            xy_ = xy_ * this->decay_ + dx * dy * old_share;
            if constexpr (kSquares) {
                xx_ = xx_ * this->decay_ + dx * dx * old_share;
                yy_ = yy_ * this->decay_ + dy * dy * old_share;
            }
        } else {
            xy_ = xy_ * this->decay_ + dx * dx * old_share;
        }
        if (counts && !finite) this->flags_ |= 3u;
    }

    // numbagg's conditions for a (co)variance: enough weight, two counted elements that
    // still weigh something (D > 0), and no infinity.
    bool defined() const { return this->weighs_enough() && pairs_ > 0 && this->flags_ == 0; }
    // The bias-corrected covariance (the variance for one series): S W / D, as (S / D) W:
    // where the older element of a pair weighs next to nothing, D and S are both tiny
    // (their ratio is not), and W / D would overflow.
    double covariance() const { return xy_ / pairs_ * total_; }

    double decay2_;
    double total_ = 0.0;  // W
    double pairs_ = 0.0;  // D = W^2 - sum of squared weights
    ShiftedMean mean_x_, mean_y_;
    double xy_ = 0.0, xx_ = 0.0, yy_ = 0.0;
};

template <class T>
class MoveExpNanvar : public ExpMoments<T, false, false> {
  public:
    using typename ExpWeights<T>::output_type;
    explicit MoveExpNanvar(const ExpParams &p) : ExpMoments<T, false, false>(p) {}

    void step(T x) {
        const double v = static_cast<double>(x);
        this->update(v, v, !(v != v), exp_finite<T>(v));
    }
    output_type result() const {
        return this->defined() ? static_cast<output_type>(this->covariance()) : this->kNaN;
    }
};

// The square root of move_exp_nanvar (numbagg's, and pandas', unbiased std).
template <class T>
class MoveExpNanstd : public MoveExpNanvar<T> {
  public:
    using typename ExpWeights<T>::output_type;
    using MoveExpNanvar<T>::MoveExpNanvar;

    output_type result() const {
        return this->defined() ? static_cast<output_type>(std::sqrt(this->covariance()))
                               : this->kNaN;
    }
};

// Pairs count where neither element is NaN.
template <class T, bool kSquares>
class ExpPairMoments : public ExpMoments<T, true, kSquares> {
  public:
    using ExpMoments<T, true, kSquares>::ExpMoments;

    void step(T x, T y) {
        const double vx = static_cast<double>(x), vy = static_cast<double>(y);
        this->update(vx, vy, !(vx != vx || vy != vy), exp_finite<T>(vx) && exp_finite<T>(vy));
    }
};

template <class T>
class MoveExpNancov : public ExpPairMoments<T, false> {
  public:
    using typename ExpWeights<T>::output_type;
    using ExpPairMoments<T, false>::ExpPairMoments;

    output_type result() const {
        return this->defined() ? static_cast<output_type>(this->covariance()) : this->kNaN;
    }
};

// S_xy / sqrt(S_xx S_yy): the weights and the bias correction cancel. NaN where either
// series is constant (numbagg: where the denominator is not > 0). corr(x, x) is exactly 1
// (the same sums, and sqrt(s * s) == s).
template <class T>
class MoveExpNancorr : public ExpPairMoments<T, true> {
  public:
    using typename ExpWeights<T>::output_type;
    using ExpPairMoments<T, true>::ExpPairMoments;

    output_type result() const {
        const double denominator = std::sqrt(this->xx_ * this->yy_);
        return this->defined() && denominator > 0
                   ? static_cast<output_type>(this->xy_ / denominator)
                   : this->kNaN;
    }
};

}  // namespace parafunc
