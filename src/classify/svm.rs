//! One-vs-rest linear SVM on sparse rows, behind linfa's traits.
//!
//! linfa has no classifier that accepts sparse input (rust-ml/linfa#192), and
//! its SVM builds a dense n×n kernel. This is the solver scikit-learn's
//! `LinearSVC` uses — dual coordinate descent for the L2-regularised,
//! squared-hinge-loss SVM (Hsieh et al., ICML 2008; liblinear's
//! `L2R_L2LOSS_SVC_DUAL`) with a regularised bias column like
//! `intercept_scaling = 1` — written against [`sprs::CsMat`] rows and exposed
//! through linfa's [`ParamGuard`], [`Fit`] and [`PredictInplace`] so it plugs
//! into linfa's dataset types. One binary problem is solved per class, in
//! parallel; targets are a multi-label indicator matrix, so an article can be
//! positive for several themes.

use linfa::dataset::{DatasetBase, Records};
use linfa::traits::{Fit, PredictInplace};
use linfa::ParamGuard;
use ndarray::Array2;
use rayon::prelude::*;
use serde::{Deserialize, Serialize};
use sprs::CsMat;

use crate::error::{Error, Result};

/// Sparse feature rows (CSR, one row per document) as linfa records.
#[derive(Debug, Clone)]
pub struct SparseRecords(pub CsMat<f32>);

impl Records for SparseRecords {
    type Elem = f32;

    fn nsamples(&self) -> usize {
        self.0.rows()
    }

    fn nfeatures(&self) -> usize {
        self.0.cols()
    }
}

/// Checked hyper-parameters of [`LinearSvc`].
///
/// | Name | Default | Purpose | Range |
/// |---|---|---|---|
/// | `c` | `1.0` | inverse regularisation strength | > 0 |
/// | `tol` | `0.1` | stop when the projected-gradient spread falls below it | > 0 |
/// | `max_epochs` | `200` | passes over the data per class | ≥ 1 |
/// | `seed` | `42` | order in which samples are visited | |
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct LinearSvcValidParams {
    c: f32,
    tol: f32,
    max_epochs: usize,
    seed: u64,
}

/// Unchecked hyper-parameters; [`ParamGuard::check`] validates them, and
/// `fit` on these runs the check first.
#[derive(Debug, Clone, PartialEq)]
pub struct LinearSvcParams(LinearSvcValidParams);

impl Default for LinearSvcParams {
    fn default() -> Self {
        LinearSvcParams(LinearSvcValidParams {
            c: 1.0,
            tol: 0.1,
            max_epochs: 200,
            seed: 42,
        })
    }
}

impl LinearSvcParams {
    pub fn c(mut self, c: f32) -> Self {
        self.0.c = c;
        self
    }
    pub fn tol(mut self, tol: f32) -> Self {
        self.0.tol = tol;
        self
    }
    pub fn max_epochs(mut self, n: usize) -> Self {
        self.0.max_epochs = n;
        self
    }
    pub fn seed(mut self, seed: u64) -> Self {
        self.0.seed = seed;
        self
    }
}

impl LinearSvcValidParams {
    pub fn c(&self) -> f32 {
        self.c
    }
}

impl ParamGuard for LinearSvcParams {
    type Checked = LinearSvcValidParams;
    type Error = Error;

    fn check_ref(&self) -> Result<&Self::Checked> {
        let p = &self.0;
        if !(p.c.is_finite() && p.c > 0.0) {
            return Err(Error::InvalidParam {
                name: "c",
                value: p.c.to_string(),
                expected: "a positive number (try 1.0; larger fits the training data more closely)",
            });
        }
        if !(p.tol.is_finite() && p.tol > 0.0) {
            return Err(Error::InvalidParam {
                name: "tol",
                value: p.tol.to_string(),
                expected: "a positive tolerance such as 0.1",
            });
        }
        if p.max_epochs == 0 {
            return Err(Error::InvalidParam {
                name: "max_epochs",
                value: "0".into(),
                expected: "at least 1",
            });
        }
        Ok(p)
    }

    fn check(self) -> Result<Self::Checked> {
        self.check_ref()?;
        Ok(self.0)
    }
}

/// A fitted one-vs-rest linear SVM: one weight vector and bias per class.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct LinearSvc {
    n_features: usize,
    n_classes: usize,
    /// Feature-major weights: `weights[f * n_classes + k]`, so one sparse
    /// feature touches one contiguous slice at prediction time.
    weights: Vec<f32>,
    bias: Vec<f32>,
    /// Epochs each class needed (diagnostics).
    epochs: Vec<usize>,
}

impl LinearSvc {
    pub fn params() -> LinearSvcParams {
        LinearSvcParams::default()
    }

    pub fn n_classes(&self) -> usize {
        self.n_classes
    }

    pub fn n_features(&self) -> usize {
        self.n_features
    }

    /// Epochs of coordinate descent each class took to converge.
    pub fn epochs(&self) -> &[usize] {
        &self.epochs
    }

    /// Bias (intercept) of class `k`.
    pub fn bias(&self, k: usize) -> f32 {
        self.bias[k]
    }

    /// Weight of feature `f` for class `k`.
    pub fn weight(&self, f: usize, k: usize) -> f32 {
        self.weights[f * self.n_classes + k]
    }

    /// Decision values of one sparse row into `out` (length `n_classes`).
    pub fn decision_row(&self, indices: &[usize], data: &[f32], out: &mut [f32]) {
        match self.n_classes {
            0..=8 => self.decision_fixed::<8>(indices, data, out),
            9..=16 => self.decision_fixed::<16>(indices, data, out),
            17..=24 => self.decision_fixed::<24>(indices, data, out),
            25..=32 => self.decision_fixed::<32>(indices, data, out),
            _ => {
                out.copy_from_slice(&self.bias);
                let k = self.n_classes;
                for (&f, &x) in indices.iter().zip(data) {
                    if f < self.n_features {
                        for (o, w) in out.iter_mut().zip(&self.weights[f * k..(f + 1) * k]) {
                            *o += x * w;
                        }
                    }
                }
            }
        }
    }

    /// [`Self::decision_row`] for up to `N` classes with the sums in an
    /// `N`-lane array the compiler keeps in vector registers. Each feature's
    /// weights are read as `N` consecutive floats (its own `n_classes` and the
    /// start of the next feature's, which land in lanes that are never read),
    /// so the inner loop has a fixed length; only the last features, where
    /// `N` floats would run past the end, take the exact-length path.
    #[inline(always)]
    fn decision_fixed<const N: usize>(&self, indices: &[usize], data: &[f32], out: &mut [f32]) {
        let k = self.n_classes;
        // Start loading every row of weights before summing any of them.
        for &f in indices {
            let w = self.weights.get(f * k..(f + 1) * k).unwrap_or_default();
            if let (Some(first), Some(last)) = (w.first(), w.last()) {
                crate::prefetch::read(first);
                crate::prefetch::read(last);
            }
        }
        let mut acc = [0.0f32; N];
        for (&f, &x) in indices.iter().zip(data) {
            if f >= self.n_features {
                continue;
            }
            let start = f * k;
            match self.weights.get(start..start + N) {
                Some(w) => {
                    for j in 0..N {
                        acc[j] += x * w[j];
                    }
                }
                None => {
                    for (a, w) in acc.iter_mut().zip(&self.weights[start..start + k]) {
                        *a += x * w;
                    }
                }
            }
        }
        for ((o, b), a) in out.iter_mut().zip(&self.bias).zip(&acc) {
            *o = b + a;
        }
    }
}

impl Fit<SparseRecords, Array2<bool>, Error> for LinearSvcValidParams {
    type Object = LinearSvc;

    /// `targets[[i, k]]` is true when sample `i` belongs to class `k`.
    fn fit(&self, ds: &DatasetBase<SparseRecords, Array2<bool>>) -> Result<LinearSvc> {
        let x = &ds.records.0;
        let y = &ds.targets;
        if x.rows() != y.nrows() {
            return Err(Error::Data(format!(
                "{} feature rows but {} target rows",
                x.rows(),
                y.nrows()
            )));
        }
        if x.rows() == 0 {
            return Err(Error::Data("no training samples".into()));
        }
        let x = if x.is_csr() { x.clone() } else { x.to_csr() };
        let n_classes = y.ncols();
        // Column indices as u32, shared by all classes: the solver streams
        // the whole matrix once per epoch per class, and halving the index
        // bytes is most of its memory traffic.
        let cols: Vec<u32> = x.indices().iter().map(|&c| c as u32).collect();
        // One group of classes per thread, at most 16 to a group (the widest
        // lane count); a group's classes share each pass over the matrix
        // (see `fit_group`).
        let group = n_classes
            .div_ceil(rayon::current_num_threads().max(1))
            .clamp(1, 16);
        let groups: Vec<std::ops::Range<usize>> = (0..n_classes)
            .step_by(group)
            .map(|start| start..(start + group).min(n_classes))
            .collect();
        let per_class: Vec<(Vec<f32>, f32, usize)> = groups
            .into_par_iter()
            .flat_map_iter(|classes| match classes.len() {
                0..=4 => self.fit_group::<4>(&x, &cols, y, classes),
                5..=8 => self.fit_group::<8>(&x, &cols, y, classes),
                _ => self.fit_group::<16>(&x, &cols, y, classes),
            })
            .collect();
        let n_features = x.cols();
        let mut weights = vec![0.0f32; n_features * n_classes];
        let mut bias = Vec::with_capacity(n_classes);
        let mut epochs = Vec::with_capacity(n_classes);
        for (k, (w, b, e)) in per_class.into_iter().enumerate() {
            for (f, wf) in w.into_iter().enumerate() {
                weights[f * n_classes + k] = wf;
            }
            bias.push(b);
            epochs.push(e);
        }
        Ok(LinearSvc {
            n_features,
            n_classes,
            weights,
            bias,
            epochs,
        })
    }
}

impl LinearSvcValidParams {
    /// Dual coordinate descent for one class against the rest.
    /// The one-vs-rest problems of `classes` (at most `G`), solved side by
    /// side in `G` lanes; `cols` is `x.indices()` as u32. Returns each
    /// class's weights, bias and epochs.
    ///
    /// Each class runs liblinear's dual coordinate descent with shrinking
    /// exactly as on its own, but the classes of a group visit the samples
    /// in one shared shuffled order, so a sample's row is read once per pass
    /// for all of them, and their weights are interleaved (`w[f * g + j]`)
    /// so one feature's weights for the whole group share a cache line and
    /// the per-feature loops have the fixed length `G` (lanes past the
    /// group's classes stay zero). A
    /// class's result does not depend on which group it is in: every group
    /// draws the same sequence of orders, and classes do not interact.
    fn fit_group<const G: usize>(
        &self,
        x: &CsMat<f32>,
        cols: &[u32],
        y: &Array2<bool>,
        classes: std::ops::Range<usize>,
    ) -> Vec<(Vec<f32>, f32, usize)> {
        let n = x.rows();
        let g = classes.len();
        let n_features = x.cols();
        let diag = 0.5 / self.c; // D_ii of the squared hinge loss
        let (indptr, data) = (x.indptr(), x.data());
        let indptr = indptr.raw_storage();
        let mut w = vec![0.0f32; n_features * G];
        let mut b = [0.0f32; G]; // weights of the constant bias feature (value 1)
        let mut alpha = vec![0.0f32; n * g];
        let sign: Vec<f32> = (0..n)
            .flat_map(|i| classes.clone().map(move |k| (i, k)))
            .map(|(i, k)| if y[[i, k]] { 1.0 } else { -1.0 })
            .collect();
        let qii: Vec<f32> = x
            .outer_iterator()
            .map(|r| r.data().iter().map(|v| v * v).sum::<f32>() + 1.0 + diag)
            .collect();
        // liblinear's shrinking, per class: a sample whose alpha is 0 and
        // whose gradient exceeds the previous pass's largest projected
        // gradient is unlikely to become a support vector, so it is skipped
        // until the class has converged on the rest; then every sample is
        // checked once more before the class stops.
        let mut active = vec![true; n * g];
        let mut n_active = vec![n; g];
        let mut pg_max_old = vec![f32::INFINITY; g];
        let mut done = vec![false; g];
        let mut epochs = vec![0usize; g];
        let (mut pg_max, mut pg_min) = (vec![0.0f32; g], vec![0.0f32; g]);
        let mut d = [0.0f32; G];
        let mut order: Vec<usize> = (0..n).collect();
        let mut rng = XorShift(self.seed ^ 0x2545_f491_4f6c_dd1d);
        for _ in 0..self.max_epochs {
            if done.iter().all(|&x| x) {
                break;
            }
            for (e, _) in epochs.iter_mut().zip(&done).filter(|(_, &d)| !d) {
                *e += 1;
            }
            shuffle(&mut order, &mut rng);
            pg_max.fill(f32::NEG_INFINITY);
            pg_min.fill(f32::INFINITY);
            for &i in &order {
                let base = i * g;
                if !(0..g).any(|j| !done[j] && active[base + j]) {
                    continue;
                }
                let span = indptr[i]..indptr[i + 1];
                let (row_cols, vals) = (&cols[span.clone()], &data[span]);
                let mut dot = b;
                for (&f, &v) in row_cols.iter().zip(vals) {
                    let wf = &w[f as usize * G..(f as usize + 1) * G];
                    for j in 0..G {
                        dot[j] += wf[j] * v;
                    }
                }
                let mut update = false;
                for j in 0..g {
                    d[j] = 0.0;
                    if done[j] || !active[base + j] {
                        continue;
                    }
                    let (a, yi) = (alpha[base + j], sign[base + j]);
                    let grad = yi * dot[j] - 1.0 + diag * a;
                    let pg = if a == 0.0 {
                        if grad > pg_max_old[j] {
                            active[base + j] = false;
                            n_active[j] -= 1;
                            continue;
                        }
                        grad.min(0.0)
                    } else {
                        grad
                    };
                    pg_max[j] = pg_max[j].max(pg);
                    pg_min[j] = pg_min[j].min(pg);
                    if pg.abs() > 1e-12 {
                        let new = (a - grad / qii[i]).max(0.0);
                        alpha[base + j] = new;
                        d[j] = (new - a) * yi;
                        update = true;
                    }
                }
                if update {
                    for (&f, &v) in row_cols.iter().zip(vals) {
                        let wf = &mut w[f as usize * G..(f as usize + 1) * G];
                        for j in 0..G {
                            wf[j] += d[j] * v;
                        }
                    }
                    for j in 0..G {
                        b[j] += d[j];
                    }
                }
            }
            for j in 0..g {
                if done[j] {
                    continue;
                }
                if pg_max[j] - pg_min[j] <= self.tol {
                    if n_active[j] == n {
                        done[j] = true;
                    } else {
                        // Converged on the active set: check everything once more.
                        (0..n).for_each(|i| active[i * g + j] = true);
                        n_active[j] = n;
                        pg_max_old[j] = f32::INFINITY;
                    }
                    continue;
                }
                pg_max_old[j] = if pg_max[j] <= 0.0 {
                    f32::INFINITY
                } else {
                    pg_max[j]
                };
            }
        }
        (0..g)
            .map(|j| {
                let wj = (0..n_features).map(|f| w[f * G + j]).collect();
                (wj, b[j], epochs[j])
            })
            .collect()
    }
}

impl PredictInplace<SparseRecords, Array2<f32>> for LinearSvc {
    /// Decision values, one column per class.
    fn predict_inplace(&self, x: &SparseRecords, y: &mut Array2<f32>) {
        let mut buf = vec![0.0; self.n_classes];
        for (i, row) in x.0.outer_iterator().enumerate() {
            self.decision_row(row.indices(), row.data(), &mut buf);
            for (k, v) in buf.iter().enumerate() {
                y[[i, k]] = *v;
            }
        }
    }

    fn default_target(&self, x: &SparseRecords) -> Array2<f32> {
        Array2::zeros((x.0.rows(), self.n_classes))
    }
}

/// Small deterministic generator for the visiting order.
struct XorShift(u64);

impl XorShift {
    fn next(&mut self) -> u64 {
        let mut x = self.0;
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
        self.0 = x;
        x
    }
}

fn shuffle(v: &mut [usize], rng: &mut XorShift) {
    for i in (1..v.len()).rev() {
        let j = (rng.next() % (i as u64 + 1)) as usize;
        v.swap(i, j);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use linfa::traits::Predict;

    fn toy() -> (SparseRecords, Array2<bool>) {
        // Two features; class 0 lives on feature 0, class 1 on feature 1.
        let mut tri = sprs::TriMat::new((6, 2));
        for i in 0..3 {
            tri.add_triplet(i, 0, 1.0);
            tri.add_triplet(i + 3, 1, 1.0);
        }
        let mut y = Array2::from_elem((6, 2), false);
        for i in 0..3 {
            y[[i, 0]] = true;
            y[[i + 3, 1]] = true;
        }
        (SparseRecords(tri.to_csr()), y)
    }

    #[test]
    fn separates_a_separable_problem() {
        let (x, y) = toy();
        let ds = DatasetBase::new(x, y);
        let model = LinearSvc::params().fit(&ds).unwrap();
        // linfa's blanket Predict for &DatasetBase<R, _> reaches our PredictInplace.
        let scores: Array2<f32> = model.predict(&ds);
        for i in 0..3 {
            assert!(scores[[i, 0]] > 0.0 && scores[[i, 1]] < 0.0, "{scores:?}");
            assert!(
                scores[[i + 3, 1]] > 0.0 && scores[[i + 3, 0]] < 0.0,
                "{scores:?}"
            );
        }
    }

    #[test]
    fn a_class_solves_the_same_in_any_group() {
        // 40 noisy samples over 12 features and 5 overlapping classes, so
        // that shrinking and several epochs are exercised.
        let mut rng = XorShift(7);
        let (n, nf, k) = (40, 12, 5);
        let mut tri = sprs::TriMat::new((n, nf));
        let mut y = Array2::from_elem((n, k), false);
        for i in 0..n {
            for f in 0..nf {
                if rng.next().is_multiple_of(3) {
                    tri.add_triplet(i, f, (rng.next() % 100) as f32 / 100.0);
                }
            }
            y[[i, i % k]] = true;
            y[[i, (i * 7 + 1) % k]] = true;
        }
        let x: CsMat<f32> = tri.to_csr();
        let cols: Vec<u32> = x.indices().iter().map(|&c| c as u32).collect();
        let p = LinearSvc::params().tol(1e-3).check().unwrap();
        let together = p.fit_group::<8>(&x, &cols, &y, 0..k);
        for (c, t) in together.iter().enumerate() {
            let alone = p.fit_group::<4>(&x, &cols, &y, c..c + 1);
            assert_eq!(&alone[0], t, "class {c}");
        }
        assert!(
            together.iter().any(|t| t.2 > 2),
            "a trivial problem tests nothing"
        );
    }

    #[test]
    fn many_classes_are_each_fitted_once_and_in_order() {
        // More classes than one group holds on any thread count (groups are
        // at most 16 wide), so classes are split across several groups.
        let mut rng = XorShift(11);
        let (n, nf, k) = (120, 30, 40);
        let mut tri = sprs::TriMat::new((n, nf));
        let mut y = Array2::from_elem((n, k), false);
        for i in 0..n {
            tri.add_triplet(i, i % nf, 1.0);
            tri.add_triplet(i, (rng.next() % nf as u64) as usize, 0.5);
            y[[i, i % k]] = true;
        }
        let x = SparseRecords(tri.to_csr());
        let model = LinearSvc::params()
            .fit(&DatasetBase::new(x.clone(), y.clone()))
            .unwrap();
        assert_eq!(model.n_classes(), k);
        assert_eq!(model.epochs().len(), k);
        let cols: Vec<u32> = x.0.indices().iter().map(|&c| c as u32).collect();
        let p = LinearSvc::params().check().unwrap();
        for c in 0..k {
            let (w, _, _) = &p.fit_group::<4>(&x.0, &cols, &y, c..c + 1)[0];
            for (f, wf) in w.iter().enumerate() {
                assert_eq!(model.weight(f, c), *wf, "class {c}, feature {f}");
            }
        }
    }

    #[test]
    fn unchecked_params_are_checked_on_fit() {
        let (x, y) = toy();
        let ds = DatasetBase::new(x, y);
        let err = LinearSvc::params().c(-1.0).fit(&ds).unwrap_err();
        assert!(matches!(err, Error::InvalidParam { name: "c", .. }));
    }
}
