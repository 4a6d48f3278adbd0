//! Means, normalized gain and the 95% confidence interval of a mean change, from running
//! sums: what a group of pre/post pairs shows without keeping anyone's answers.

use serde::Serialize;

/// Running sums over the pairs of a group, for one measure.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct Sums {
    pub n: u64,
    pub sum_pre: f64,
    pub sum_post: f64,
    /// Sum of the squared changes, for the variance of the change.
    pub sum_d2: f64,
}

impl Sums {
    pub fn pair(pre: f64, post: f64) -> Sums {
        Sums {
            n: 1,
            sum_pre: pre,
            sum_post: post,
            sum_d2: (post - pre) * (post - pre),
        }
    }

    pub fn add(&mut self, other: &Sums) {
        self.n += other.n;
        self.sum_pre += other.sum_pre;
        self.sum_post += other.sum_post;
        self.sum_d2 += other.sum_d2;
    }

    /// `None` for an empty group.
    pub fn measures(&self) -> Option<Measures> {
        if self.n == 0 {
            return None;
        }
        let n = self.n as f64;
        let mean_pre = self.sum_pre / n;
        let mean_post = self.sum_post / n;
        let mean_change = mean_post - mean_pre;
        let ci = (self.n >= 2).then(|| {
            // The sample variance of the change, from Σd and Σd².
            let sum_d = self.sum_post - self.sum_pre;
            let variance = ((self.sum_d2 - sum_d * sum_d / n) / (n - 1.0)).max(0.0);
            let half = t_975(self.n - 1) * (variance / n).sqrt();
            (mean_change - half, mean_change + half)
        });
        Some(Measures {
            n: self.n,
            mean_pre,
            mean_post,
            mean_change,
            ci,
        })
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct Measures {
    pub n: u64,
    pub mean_pre: f64,
    pub mean_post: f64,
    pub mean_change: f64,
    /// The 95% confidence interval of the mean change; `None` for a single pair.
    pub ci: Option<(f64, f64)>,
}

impl Measures {
    /// Hake's normalized gain of the group means of a 0–100 score: the share of what was
    /// left to learn that was learned. `None` when the group started at 100.
    pub fn normalized_gain(&self) -> Option<f64> {
        (self.mean_pre < 100.0 - 1e-9)
            .then(|| (self.mean_post - self.mean_pre) / (100.0 - self.mean_pre))
    }
}

/// Student's t at 0.975 for `df` degrees of freedom: exact to three decimals up to 30,
/// then the Cornish–Fisher expansion around the normal quantile (error below 0.001).
pub fn t_975(df: u64) -> f64 {
    const TABLE: [f64; 30] = [
        12.706, 4.303, 3.182, 2.776, 2.571, 2.447, 2.365, 2.306, 2.262, 2.228, 2.201, 2.179, 2.160,
        2.145, 2.131, 2.120, 2.110, 2.101, 2.093, 2.086, 2.080, 2.074, 2.069, 2.064, 2.060, 2.056,
        2.052, 2.048, 2.045, 2.042,
    ];
    match df {
        0 => f64::INFINITY,
        1..=30 => TABLE[(df - 1) as usize],
        _ => {
            let z: f64 = 1.959_963_985;
            let v = df as f64;
            let (z3, z5, z7) = (z.powi(3), z.powi(5), z.powi(7));
            z + (z3 + z) / (4.0 * v)
                + (5.0 * z5 + 16.0 * z3 + 3.0 * z) / (96.0 * v * v)
                + (3.0 * z7 + 19.0 * z5 + 17.0 * z3 - 15.0 * z) / (384.0 * v * v * v)
        }
    }
}
